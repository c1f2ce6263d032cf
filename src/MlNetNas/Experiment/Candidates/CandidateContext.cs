using Microsoft.ML;
using MlNetNas.Search.Pruning;

namespace MlNetNas.Experiment.Candidates;

/// <summary>
/// What a candidate trainer gets for one trial: a fresh seeded context, featurized training and validation
/// data (feature column "Features", label column "Label" of the task's type), the device, and a clock.
/// </summary>
public sealed record CandidateContext(
    MLContext Context,
    NasTask Task,
    IDataView Train,
    IDataView Validation,
    int Seed,
    string Device,
    Func<bool> IsOutOfTime,
    CancellationToken CancellationToken)
{
    /// <summary>The feature column every candidate reads.</summary>
    public const string FeatureColumn = "Features";

    /// <summary>The label column every candidate reads (key for multiclass, Boolean for binary, Single for regression).</summary>
    public const string LabelColumn = "Label";

    /// <summary>The experiment's trial id, as the pruner knows the trial.</summary>
    public int TrialId { get; init; }

    /// <summary>The time this fit may take, or null; networks shorten their schedule to it (see <c>TrainingOptions.TimeBudget</c>).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>How networks read the feature vector (an image shape); null for a plain vector.</summary>
    public Architectures.InputSpec? Input { get; init; }

    /// <summary>The most CPU threads the trial's training may use (trials running at once share the cores); null: no cap.</summary>
    public int? MaxCpuThreads { get; init; }

    /// <summary>Consulted after each epoch by candidates that train in epochs; null to run every trial to its end.</summary>
    public IPruner? Pruner { get; init; }
}
