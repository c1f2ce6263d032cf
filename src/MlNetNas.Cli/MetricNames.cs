using MlNetNas.Experiment;

namespace MlNetNas.Cli;

/// <summary>The command line's names of the metrics (<c>--metric</c>, default study names), one table both ways.</summary>
internal static class MetricNames
{
    // The first name of a metric is the one the CLI writes; the others are accepted spellings.
    private static readonly (string Name, NasMetric Metric)[] Table =
    [
        ("accuracy", NasMetric.Accuracy),
        ("micro-accuracy", NasMetric.Accuracy),
        ("macro-accuracy", NasMetric.MacroAccuracy),
        ("log-loss", NasMetric.LogLoss),
        ("logloss", NasMetric.LogLoss),
        ("auc", NasMetric.AreaUnderRocCurve),
        ("r2", NasMetric.RSquared),
        ("rsquared", NasMetric.RSquared),
        ("rmse", NasMetric.RootMeanSquaredError),
        ("mae", NasMetric.MeanAbsoluteError),
    ];

    /// <summary>The metric called <paramref name="name"/> (case-insensitive); null for an unknown name.</summary>
    public static NasMetric? Parse(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        return Table.Where(e => e.Name == key).Select(e => (NasMetric?)e.Metric).FirstOrDefault();
    }

    /// <summary>Every accepted name, comma-separated, for error messages.</summary>
    public static string Known => string.Join(", ", Table.Select(e => e.Name));

    /// <summary>The name the CLI writes for <paramref name="metric"/>.</summary>
    public static string Name(NasMetric metric) => Table.First(e => e.Metric == metric).Name;
}
