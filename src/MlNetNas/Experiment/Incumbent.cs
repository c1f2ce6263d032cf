using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Onnx;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// The best trial so far and what the experiment keeps of it: the deployable model (featurizer + trainer model), the
/// network's ONNX export and architecture when it is a network, and what a refit of it needs. Models that are not
/// kept are disposed at once: each holds an ONNX Runtime session, native memory the GC does not see.
/// </summary>
internal sealed class Incumbent(NasTask task)
{
    private readonly object gate = new(); // trials running at once offer their models from their own threads
    private ITransformer? trainerModel;

    /// <summary>The best trial so far; null before the first trial with a metric.</summary>
    public TrialResult? Trial { get; private set; }

    /// <summary>The best trial's model: its featurizer followed by its trainer's model.</summary>
    public ITransformer? Model { get; private set; }

    /// <summary>The best trial's network as ONNX, when it is a network (or an average of networks).</summary>
    public NetworkOnnxExport? Network { get; private set; }

    /// <summary>The best trial's architecture graph as JSON, when it is a single network.</summary>
    public string? ArchitectureJson { get; private set; }

    /// <summary>The members of the best trial when it is an ensemble of different trainers or featurizers (for its whole-pipeline ONNX export); null otherwise.</summary>
    public EnsembleChoice? Ensemble { get; set; }

    /// <summary>What training the winning network again needs; null when the best trial is not a single network.</summary>
    public RefitPlan? Refit { get; private set; }

    /// <summary>What fitting the winning classic trainer again on all rows needs (cross-validated runs only); null otherwise.</summary>
    public ClassicRefitPlan? ClassicRefit { get; private set; }

    /// <summary>
    /// The best trial's model of every cross-validation fold (one of them is <see cref="Model"/>'s), for bagging;
    /// null with a single validation split or when the best trial is not one trial.
    /// </summary>
    public IReadOnlyList<FoldModel>? Folds { get; private set; }

    /// <summary>
    /// Keeps <paramref name="trial"/> and its model when <see cref="BestTrialRule"/> prefers it to the incumbent (the
    /// previous trainer model is disposed) and returns true; otherwise disposes <paramref name="model"/> and returns false.
    /// <paramref name="folds"/>, with cross-validation, holds the trial's model of every fold (<paramref name="model"/>
    /// among them): kept with it, or disposed with it.
    /// </summary>
    public bool Offer(TrialResult trial, ITransformer featurizer, ITransformer model, NetworkOnnxExport? network, string? architectureJson, RefitPlan? refit, ClassicRefitPlan? classicRefit = null, IReadOnlyList<FoldModel>? folds = null)
    {
        lock (gate)
        {
            return OfferLocked(trial, featurizer, model, network, architectureJson, refit, classicRefit, folds);
        }
    }

    private bool OfferLocked(TrialResult trial, ITransformer featurizer, ITransformer model, NetworkOnnxExport? network, string? architectureJson, RefitPlan? refit, ClassicRefitPlan? classicRefit, IReadOnlyList<FoldModel>? folds)
    {
        // A resumed run's best stored trial, trained again for its model, is kept whatever its metric this time.
        bool rehydrated = NeedsModel && Trial!.TrialId == trial.TrialId;
        if (!rehydrated && !BestTrialRule.IsBetter(trial, Trial, task))
        {
            Release(model);
            ReleaseFolds(folds, model);
            return false;
        }

        Trial = trial;
        Ensemble = null;
        ReleaseFolds(Folds, trainerModel);
        Folds = folds;
        Keep(featurizer, model, network);
        ArchitectureJson = architectureJson;
        Refit = refit;
        ClassicRefit = classicRefit;
        return true;
    }

    /// <summary>Disposes the fold models in <paramref name="folds"/> but <paramref name="released"/>, which its owner disposes.</summary>
    internal static void ReleaseFolds(IReadOnlyList<FoldModel>? folds, ITransformer? released)
    {
        foreach (var fold in folds ?? [])
        {
            if (!ReferenceEquals(fold.Model, released))
            {
                Release(fold.Model);
            }
        }
    }

    /// <summary>Whether the best trial is one of a stopped run, known by its record only: its model must be trained again.</summary>
    public bool NeedsModel => Trial is not null && Model is null;

    /// <summary>
    /// Offers a finished trial of the stopped run that this one resumes: when it is better, it becomes the best trial
    /// without a model (<see cref="NeedsModel"/>) until it is trained again. Returns whether it was kept.
    /// </summary>
    public bool OfferStored(TrialResult trial)
    {
        if (!BestTrialRule.IsBetter(trial, Trial, task))
        {
            return false;
        }

        DropModel();
        Trial = trial;
        return true;
    }

    /// <summary>Disposes the fold models kept for bagging, but the incumbent's own model: when no bag took them.</summary>
    public void DropFolds()
    {
        lock (gate)
        {
            ReleaseFolds(Folds, trainerModel);
            Folds = null;
        }
    }

    /// <summary>Forgets the best trial (a stored one whose retraining failed), so that the next trial with a metric takes its place.</summary>
    public void Forget()
    {
        DropModel();
        Trial = null;
    }

    private void DropModel()
    {
        ReleaseFolds(Folds, trainerModel);
        Folds = null;
        Release(trainerModel);
        trainerModel = null;
        Model = null;
        Network = null;
        ArchitectureJson = null;
        Refit = null;
        ClassicRefit = null;
        Ensemble = null;
    }

    /// <summary>
    /// Replaces the incumbent's model by a refitted one of the same trial (the trial and its metric stay); its fold
    /// models are disposed, but those that <paramref name="model"/> is made of (a bag of them).
    /// </summary>
    public void ReplaceModel(ITransformer featurizer, ITransformer model, NetworkOnnxExport? network, bool keepsFolds = false)
    {
        if (!keepsFolds)
        {
            ReleaseFolds(Folds, trainerModel);
        }
        else
        {
            trainerModel = null; // one of the folds: the bag owns it now
        }

        Folds = null;
        Keep(featurizer, model, network);
    }

    /// <summary>Disposes a model that is not kept.</summary>
    public static void Release(ITransformer? model) => (model as IDisposable)?.Dispose();

    private void Keep(ITransformer featurizer, ITransformer model, NetworkOnnxExport? network)
    {
        if (!ReferenceEquals(trainerModel, model))
        {
            Release(trainerModel);
        }

        trainerModel = model;
        Model = new TransformerChain<ITransformer>(featurizer, model);
        Network = network;
    }
}

/// <summary>One cross-validation fold's model of a trial: the fold's featurized data (and featurizer), the trainer's model, and the network's export when it is one.</summary>
internal sealed record FoldModel(FeaturizedData Data, ITransformer Model, NetworkOnnxExport? Network);

/// <summary>What training a winning network again on all rows needs: its candidate, trainer parameter, data and best epoch.</summary>
internal sealed record RefitPlan(Candidates.NasCandidate Candidate, Parameter Parameter, FeaturizedData Data, int BestEpoch, int? PlannedEpochs = null);

/// <summary>
/// A cross-validated classic winner (LightGBM, FastTree, linear): its trainer and settings, the featurized data of the
/// fold its model came from (whose featurizer the deployable model keeps), and the seconds that fold's fit took.
/// </summary>
internal sealed record ClassicRefitPlan(Candidates.ICandidateTrainer Candidate, Parameter Parameter, FeaturizedData Data, double FoldFitSeconds);
