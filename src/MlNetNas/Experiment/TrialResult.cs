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
    int? Epochs = null);
