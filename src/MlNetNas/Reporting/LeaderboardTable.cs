using System.Globalization;
using System.Text;
using MlNetNas.Experiment;
using MlNetNas.Reporting.Charts;

namespace MlNetNas.Reporting;

/// <summary>Every trial in one HTML table, best first, that the page's script sorts by any column on a click.</summary>
internal static class LeaderboardTable
{
    public static string ToHtml(ExperimentReport report)
    {
        var task = report.Task;
        var ranked = SearchCharts.Scored(report).OrderBy(t => task.ToLoss(t.Metric!.Value)).ThenBy(t => t.TrialId).ToArray();
        var rank = ranked.Select((t, i) => (t.TrialId, Rank: i + 1)).ToDictionary(p => p.TrialId, p => p.Rank);
        var rows = ranked.Concat(report.Trials.Where(t => !rank.ContainsKey(t.TrialId)).OrderBy(t => t.TrialId));
        var html = new StringBuilder("<table id=\"leaderboard\" class=\"sortable\"><thead><tr>");
        foreach (string heading in new[] { "rank", "trial", "trainer", "status", SearchCharts.MetricName(task), "seconds", "epochs", "peak MB", "model", "error" })
        {
            html.Append($"<th title=\"sort\">{Svg.Text(heading)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        int? bestId = report.Winner?.TrialId;
        foreach (var t in rows)
        {
            html.Append(t.TrialId == bestId ? "<tr class=\"best\">" : "<tr>");
            Cell(html, rank.TryGetValue(t.TrialId, out int r) ? r.ToString(CultureInfo.InvariantCulture) : "–", rank.ContainsKey(t.TrialId) ? r : double.PositiveInfinity);
            Cell(html, t.TrialId.ToString(CultureInfo.InvariantCulture), t.TrialId);
            Cell(html, t.Trainer);
            Cell(html, t.Status.ToString().ToLowerInvariant());
            Cell(html, t.Metric?.ToString("F4", CultureInfo.InvariantCulture) ?? string.Empty, t.Metric is { } m ? (task.IsMaximizing ? m : -m) : double.NegativeInfinity);
            Cell(html, t.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), t.Duration.TotalSeconds);
            Cell(html, t.Epochs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, t.Epochs ?? 0);
            Cell(html, t.PeakMemoryBytes is { } b ? (b >> 20).ToString(CultureInfo.InvariantCulture) : string.Empty, t.PeakMemoryBytes ?? 0);
            html.Append($"<td class=\"model\" title=\"{Svg.Text(t.Parameter.ToJson())}\">{Svg.Text(t.Architecture ?? Short(t.Parameter.ToJson()))}</td>");
            Cell(html, t.Error ?? string.Empty);
            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A cell; <paramref name="sortKey"/>, when given, is what the column sorts by (larger is better for the metric).</summary>
    private static void Cell(StringBuilder html, string text, double? sortKey = null)
    {
        string key = sortKey is { } k ? $" data-v=\"{(double.IsFinite(k) ? k.ToString("R", CultureInfo.InvariantCulture) : k > 0 ? "1e308" : "-1e308")}\"" : string.Empty;
        html.Append($"<td{key}>{Svg.Text(text)}</td>");
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..119] + "…";
}
