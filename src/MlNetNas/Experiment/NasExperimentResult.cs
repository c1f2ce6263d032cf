using Microsoft.ML;

namespace MlNetNas.Experiment;

/// <summary>
/// What an experiment found: every trial, the best one, and the best trial's model — the featurizer and the
/// trainer's transformers, all ML.NET built-ins — ready for <c>mlContext.Model.Save</c>.
/// </summary>
public sealed record NasExperimentResult(
    TrialResult BestTrial,
    IReadOnlyList<TrialResult> Trials,
    ITransformer BestModel,
    byte[]? BestOnnx,
    string? BestArchitectureJson,
    NasTask Task,
    IReadOnlyList<string> ClassNames,
    TimeSpan Elapsed)
{
    /// <summary>How many trials of an earlier experiment seeded the tuners (see <see cref="NasExperiment.SetWarmStart"/>).</summary>
    public int WarmStartTrials { get; init; }

    /// <summary>The experiment ended early because the caller cancelled it.</summary>
    public bool Cancelled { get; init; }

    /// <summary>How many seeds of the winning network were trained again on training and validation rows together and averaged (0: none; see <see cref="NasExperiment.SetRefitOnAllData"/>).</summary>
    public int RefitSeeds { get; init; }

    /// <summary>
    /// The rows a cross-validated classic winner (LightGBM, FastTree, linear) was fitted on again after the search, or
    /// null when its model is its best fold's (a single split, a network or ensemble winner, or no time left).
    /// </summary>
    public long? ClassicRefitRows { get; init; }

    /// <summary>With fold bagging, how many fold models the winner averages (0: not bagged).</summary>
    public int BaggedFolds { get; init; }

    /// <summary>Why the fold models could not be bagged (the winner is then its best fold's model), or null.</summary>
    public string? FoldBaggingError { get; init; }

    /// <summary>
    /// The validation rows the trials were scored on, as the input data holds them (for the deployable model, e.g. to
    /// explain it); null with cross-validation. A refitted winner (<see cref="RefitSeeds"/> &gt; 0) has trained on them.
    /// </summary>
    public IDataView? ValidationData { get; init; }

    /// <summary>The winner's members when it is an ensemble of different trainers or featurizers; null otherwise.</summary>
    internal EnsembleChoice? BestEnsemble { get; init; }

    /// <summary>What resuming a stopped run of the study took over; null when the experiment started a new run.</summary>
    public ResumeSummary? Resume { get; init; }

    /// <summary>The one-shot search that ran before the trials (its cell, estimate and cost), or null.</summary>
    public Search.OneShot.OneShotResult? OneShot { get; init; }
}
