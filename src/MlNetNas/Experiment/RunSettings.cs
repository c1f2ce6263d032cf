using MlNetNas.Architectures;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search.Pruning;

namespace MlNetNas.Experiment;

/// <summary>The experiment's settings as one run's roles (trial runner, ensemble, refit) read them, fixed when the run starts.</summary>
internal sealed record RunSettings(
    IReadOnlyList<ICandidateTrainer> Candidates,
    bool HasPreprocessing,
    InputSpec? Input,
    IPruner? Pruner,
    IMonitor? Monitor,
    int Seed,
    string Device,
    double TrainingSeconds,
    double TrialTimeFraction,
    bool Ensemble,
    bool Refit)
{
    /// <summary>The one-shot search to run before the trials, or null for none.</summary>
    public Search.OneShot.OneShotOptions? OneShot { get; init; }

    /// <summary>The share of the budget the one-shot search's supernet may train.</summary>
    public double OneShotFraction { get; init; }

    /// <summary>
    /// Whether a cross-validated trial keeps every fold's model for the incumbent to bag (fold bagging); otherwise all
    /// but the best fold's model are disposed as soon as the next fold beats them.
    /// </summary>
    public bool KeepFolds { get; init; }
}
