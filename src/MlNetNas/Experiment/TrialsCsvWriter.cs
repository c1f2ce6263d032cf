using System.Globalization;
using System.Text;

namespace MlNetNas.Experiment;

/// <summary>
/// Writes trials as CSV: id, trainer, status, metric, seconds, epochs, architecture, parameters (JSON), error, and then
/// the supernet's estimate (one-shot searches and the trials that retrain their cells) and the peak resident memory in MB.
/// </summary>
public static class TrialsCsvWriter
{
    /// <summary>The CSV text for <paramref name="trials"/>, with the metric column named after <paramref name="metric"/>.</summary>
    public static string ToCsv(IEnumerable<TrialResult> trials, NasMetric metric)
    {
        var csv = new StringBuilder();
        csv.AppendLine($"trial,trainer,status,{metric.ToString().ToLowerInvariant()},seconds,epochs,architecture,parameters,error,supernet_accuracy,peak_rss_mb");
        foreach (var t in trials)
        {
            csv.AppendLine(string.Join(',',
                t.TrialId.ToString(CultureInfo.InvariantCulture),
                t.Trainer,
                t.Status.ToString().ToLowerInvariant(),
                t.Metric?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                t.Duration.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture),
                t.Epochs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                Quote(t.Architecture),
                Quote(t.Parameter.ToJson()),
                Quote(t.Error),
                t.SupernetAccuracy?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                t.PeakMemoryBytes is { } bytes ? (bytes >> 20).ToString(CultureInfo.InvariantCulture) : string.Empty));
        }

        return csv.ToString();
    }

    private static string Quote(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal).ReplaceLineEndings(" ")}\"";
}
