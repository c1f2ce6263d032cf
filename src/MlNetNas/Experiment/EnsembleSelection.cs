using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

/// <summary>
/// Keeps the best networks of a search (per featurizer, since members must read the same features) with their
/// validation outputs, and picks an ensemble by greedy forward selection with replacement (Caruana et al.,
/// "Ensemble selection from libraries of models", 2004) on the validation log loss (classification) or squared
/// error (regression). The experiment then scores the ensemble with the task's metric like any trial.
/// </summary>
internal sealed class EnsembleSelection
{
    private const int Capacity = 8;
    private const int Rounds = 12;
    private readonly NasTask task;
    private readonly Dictionary<string, List<Member>> groups = new(StringComparer.Ordinal);

    public EnsembleSelection(NasTask task) => this.task = task;

    /// <summary>Records a completed network trial.</summary>
    public void Add(int trialId, string featurizerKey, FeaturizedData data, NetworkOnnxExport network, IDataView scoredValidation, double loss)
    {
        if (!groups.TryGetValue(featurizerKey, out var members))
        {
            members = new List<Member>();
            groups[featurizerKey] = members;
        }

        members.Add(new Member(trialId, data, network, ReadScores(scoredValidation), loss));
        members.Sort((a, b) => a.Loss.CompareTo(b.Loss));
        if (members.Count > Capacity)
        {
            members.RemoveAt(members.Count - 1);
        }
    }

    /// <summary>
    /// The selected members and weights in the group of the best network, or null when fewer than two distinct
    /// networks would be averaged.
    /// </summary>
    public (FeaturizedData Data, IReadOnlyList<int> TrialIds, NetworkOnnxExport Export)? Select()
    {
        var best = groups.Values.Where(g => g.Count >= 2).OrderBy(g => g[0].Loss).FirstOrDefault();
        if (best is null)
        {
            return null;
        }

        float[] truth = ReadLabels(best[0].Data.Validation);
        var counts = new int[best.Count];
        double[] sum = new double[best[0].Scores.Length];
        int picked = 0;
        double current = double.PositiveInfinity;
        for (int round = 0; round < Rounds; round++)
        {
            int choice = -1;
            double choiceLoss = current;
            for (int m = 0; m < best.Count; m++)
            {
                double loss = ProxyLoss(sum, best[m].Scores, picked, truth);
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
                sum[i] += best[choice].Scores[i];
            }
        }

        var chosen = Enumerable.Range(0, best.Count).Where(m => counts[m] > 0).ToArray();
        if (chosen.Length < 2)
        {
            return null;
        }

        var export = OnnxEnsembleBuilder.Average(chosen.Select(m => best[m].Network).ToArray(), chosen.Select(m => (double)counts[m]).ToArray());
        return (best[0].Data, chosen.Select(m => best[m].TrialId).ToArray(), export);
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
                    ? Math.Log(1 + Math.Exp(truth[r] > 0.5 ? -mean : mean))
                    : (mean - truth[r]) * (mean - truth[r]);
            }
        }

        return total / rows;
    }

    private float[] ReadScores(IDataView scored) => task.Kind == NasTaskKind.MulticlassClassification
        ? scored.GetColumn<float[]>("Score").SelectMany(v => v).ToArray()
        : scored.GetColumn<float>("Score").ToArray();

    private float[] ReadLabels(IDataView validation) => task.Kind switch
    {
        NasTaskKind.MulticlassClassification => validation.GetColumn<uint>(CandidateContext.LabelColumn).Select(k => (float)Math.Max(0, (int)k - 1)).ToArray(),
        NasTaskKind.BinaryClassification => validation.GetColumn<bool>(CandidateContext.LabelColumn).Select(b => b ? 1f : 0f).ToArray(),
        _ => validation.GetColumn<float>(CandidateContext.LabelColumn).ToArray(),
    };

    private sealed record Member(int TrialId, FeaturizedData Data, NetworkOnnxExport Network, float[] Scores, double Loss);
}
