using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

/// <summary>
/// Keeps the best trials of a search, networks and classic trainers alike, with their validation outputs (class
/// probabilities, the positive class's probability, or regression values), and picks an ensemble by greedy forward
/// selection with replacement (Caruana et al., "Ensemble selection from libraries of models", 2004) on the validation
/// log loss (classification) or squared error (regression). The experiment then scores the ensemble with the task's
/// metric like any trial.
/// </summary>
internal sealed class EnsembleSelection
{
    private const int Capacity = 10;
    private const int Rounds = 12;
    private readonly NasTask task;
    private readonly List<Candidate> members = [];

    public EnsembleSelection(NasTask task) => this.task = task;

    /// <summary>
    /// Records a completed trial: its featurizer's key and data, its fitted trainer (a classic one) or its exported
    /// network, and its scored validation rows.
    /// </summary>
    public void Add(int trialId, string trainer, string featurizerKey, FeaturizedData data, ITransformer? model, NetworkOnnxExport? network, IDataView scoredValidation, double loss)
    {
        if ((model is null) == (network is null))
        {
            throw new ArgumentException("An ensemble member is either a classic model or an exported network.");
        }

        var candidate = new Candidate(new EnsembleMember(trialId, trainer, featurizerKey, data, model, network), ReadScores(scoredValidation), loss);
        lock (members) // trials running at once add from their own threads
        {
            members.Add(candidate);
            // Ties by trial id: the pool does not depend on which of two trials running at once finished first.
            members.Sort((a, b) => a.Loss != b.Loss ? a.Loss.CompareTo(b.Loss) : a.Member.TrialId.CompareTo(b.Member.TrialId));
            if (members.Count > Capacity)
            {
                members.RemoveAt(members.Count - 1);
            }
        }
    }

    /// <summary>The selected members and their weights (how often each was picked), or null when fewer than two distinct members would be averaged.</summary>
    public EnsembleChoice? Select()
    {
        if (members.Count < 2)
        {
            return null;
        }

        float[] truth = ReadLabels(members[0].Member.Data.Validation);
        var counts = new int[members.Count];
        double[] sum = new double[members[0].Scores.Length];
        int picked = 0;
        double current = double.PositiveInfinity;
        for (int round = 0; round < Rounds; round++)
        {
            int choice = -1;
            double choiceLoss = current;
            for (int m = 0; m < members.Count; m++)
            {
                double loss = ProxyLoss(sum, members[m].Scores, picked, truth);
                if (loss < choiceLoss - 1e-12)
                {
                    choice = m;
                    choiceLoss = loss;
                }
            }

            if (choice < 0)
            {
                break;
            }

            counts[choice]++;
            picked++;
            current = choiceLoss;
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += members[choice].Scores[i];
            }
        }

        var chosen = Enumerable.Range(0, members.Count).Where(m => counts[m] > 0).ToArray();
        return chosen.Length < 2 ? null : new EnsembleChoice(chosen.Select(m => members[m].Member).ToArray(), chosen.Select(m => (double)counts[m]).ToArray());
    }

    private double ProxyLoss(double[] sum, float[] candidate, int picked, float[] truth)
    {
        int rows = truth.Length;
        int width = candidate.Length / rows;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            if (task.Kind == NasTaskKind.MulticlassClassification)
            {
                int y = (int)truth[r];
                double p = (sum[(r * width) + y] + candidate[(r * width) + y]) / (picked + 1);
                total -= Math.Log(Math.Max(p, 1e-7));
            }
            else
            {
                double mean = (sum[r] + candidate[r]) / (picked + 1);
                total += task.Kind == NasTaskKind.BinaryClassification
                    ? -Math.Log(Math.Max(truth[r] > 0.5 ? mean : 1 - mean, 1e-7))
                    : (mean - truth[r]) * (mean - truth[r]);
            }
        }

        return total / rows;
    }

    /// <summary>What the members' outputs are averaged as: class probabilities, the positive class's probability, or the value.</summary>
    private float[] ReadScores(IDataView scored) => task.Kind switch
    {
        NasTaskKind.MulticlassClassification => scored.GetColumn<float[]>("Score").SelectMany(v => v).ToArray(),
        NasTaskKind.BinaryClassification => scored.GetColumn<float>("Probability").ToArray(),
        _ => scored.GetColumn<float>("Score").ToArray(),
    };

    private float[] ReadLabels(IDataView validation) => task.Kind switch
    {
        NasTaskKind.MulticlassClassification => validation.GetColumn<uint>(CandidateContext.LabelColumn).Select(k => (float)Math.Max(0, (int)k - 1)).ToArray(),
        NasTaskKind.BinaryClassification => validation.GetColumn<bool>(CandidateContext.LabelColumn).Select(b => b ? 1f : 0f).ToArray(),
        _ => validation.GetColumn<float>(CandidateContext.LabelColumn).ToArray(),
    };

    private sealed record Candidate(EnsembleMember Member, float[] Scores, double Loss);
}

/// <summary>One trial kept for ensembles: its featurizer and data, and its classic model or exported network.</summary>
internal sealed record EnsembleMember(int TrialId, string Trainer, string FeaturizerKey, FeaturizedData Data, ITransformer? Model, NetworkOnnxExport? Network);

/// <summary>An ensemble: members and weights (not normalized).</summary>
internal sealed record EnsembleChoice(IReadOnlyList<EnsembleMember> Members, IReadOnlyList<double> Weights)
{
    /// <summary>True when every member is a network on the same features: the ensemble is then one ONNX graph.</summary>
    public bool IsOneNetwork => Members.All(m => m.Network is not null && m.FeaturizerKey == Members[0].FeaturizerKey);

    public IReadOnlyList<int> TrialIds => [.. Members.Select(m => m.TrialId)];
}
