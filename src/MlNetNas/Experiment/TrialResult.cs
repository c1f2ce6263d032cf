using MlNetNas.Search;
using MlNetNas.SearchSpace;

namespace MlNetNas.Experiment;

/// <summary>
/// One finished trial: which trainer with which parameters, the validation metric (null when it failed),
/// how long it took, and for NAS trials the architecture and epochs.
/// </summary>
public sealed record TrialResult(
    int TrialId,
    string Trainer,
    Parameter Parameter,
    TrialStatus Status,
    double? Metric,
    TimeSpan Duration,
    string? Error = null,
    string? Architecture = null,
    int? Epochs = null)
{
    /// <summary>
    /// For a one-shot search's trial, the supernet's validation accuracy of the cell it derived (shared weights, before
    /// retraining); for the trial that retrains that cell, the same estimate, shown beside the retrained metric. Null otherwise.
    /// </summary>
    public double? SupernetAccuracy { get; init; }

    /// <summary>The peak resident memory of the process while the trial ran, in bytes; null when not measured.</summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>When the trial ended, counted from the start of the experiment; null when not known (e.g. read back from a trials.csv).</summary>
    public TimeSpan? FinishedAt { get; init; }

    /// <summary>For networks: the validation loss after each epoch (of the fold that was kept); null otherwise.</summary>
    public LearningCurve? LearningCurve { get; init; }
}
