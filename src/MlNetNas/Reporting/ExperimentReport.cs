using MlNetNas.Experiment;

namespace MlNetNas.Reporting;

/// <summary>
/// What <see cref="ReportWriter"/> draws: the trials of a run (finished so far, while it runs), the best one and its
/// network, and, once scored, the winner's test-set predictions.
/// </summary>
public sealed record ExperimentReport(NasTask Task, IReadOnlyList<TrialResult> Trials)
{
    /// <summary>The page's heading, e.g. the data file's name.</summary>
    public string Title { get; init; } = "MlNetNas experiment";

    /// <summary>The best trial; by default the best completed trial of <see cref="Trials"/>.</summary>
    public TrialResult? Best { get; init; }

    /// <summary>The winning network's architecture graph (JSON of <see cref="Architectures.ArchitectureGraph"/>), when a network won.</summary>
    public string? BestArchitectureJson { get; init; }

    /// <summary>The search's budget, when known.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>How long the run took (so far).</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>True while the search runs: the page then reloads itself every few seconds.</summary>
    public bool InProgress { get; init; }

    /// <summary>The winner's predictions on the test set, and the test file's name.</summary>
    public TestPredictions? Test { get; init; }

    /// <summary>Where <see cref="Test"/> came from, e.g. the test file's name.</summary>
    public string? TestSource { get; init; }

    /// <summary>The winner's permutation importance of the input columns, and which rows it was measured on.</summary>
    public Explanations.FeatureImportanceResult? FeatureImportance { get; init; }

    /// <summary>Where <see cref="FeatureImportance"/> was measured, e.g. "test set (test.csv)".</summary>
    public string? FeatureImportanceSource { get; init; }

    /// <summary>The report of a finished experiment.</summary>
    public static ExperimentReport From(NasExperimentResult result, string? title = null) => new(result.Task, result.Trials)
    {
        Title = title ?? "MlNetNas experiment",
        Best = result.BestTrial,
        BestArchitectureJson = result.BestArchitectureJson,
        Elapsed = result.Elapsed,
    };

    /// <summary>The best trial: <see cref="Best"/>, or the best completed trial so far.</summary>
    internal TrialResult? Winner => Best ?? Trials.Where(t => t.Metric is { } m && double.IsFinite(m)).OrderBy(t => Task.ToLoss(t.Metric!.Value)).ThenBy(t => t.TrialId).FirstOrDefault();
}
