using System.Globalization;
using System.Text;
using MlNetNas.Architectures;
using MlNetNas.Experiment;
using MlNetNas.Reporting.Charts;

namespace MlNetNas.Reporting;

/// <summary>
/// Writes an experiment as one self-contained HTML page (<c>report.html</c>): no network access, charts as inline SVG,
/// a sortable leaderboard. While the search runs the page reloads itself every few seconds.
/// </summary>
public static class ReportWriter
{
    /// <summary>Writes the page to <paramref name="path"/> (beside and renamed, so a reader never sees half a page); returns the path.</summary>
    public static string Write(ExperimentReport report, string path) => AtomicFile.Write(path, temp => File.WriteAllText(temp, ToHtml(report), new UTF8Encoding(false)));

    /// <summary>The page's HTML.</summary>
    public static string ToHtml(ExperimentReport report)
    {
        var palette = new ChartPalette();
        var task = report.Task;
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (report.InProgress)
        {
            html.Append("<meta http-equiv=\"refresh\" content=\"5\">");
        }

        html.Append($"<title>{Svg.Text(report.Title)} — MlNetNas report</title><style>{Style}</style></head><body>");
        html.Append($"<h1>{Svg.Text(report.Title)}</h1>").Append(Summary(report));
        Section(html, "Search", [SearchCharts.BestSoFar(report, palette), SearchCharts.TrialsByTrainer(report, palette)], "No trial has a validation metric yet.");
        Section(html, "Cost and accuracy", [SearchCharts.CostFront(report, palette)], "No trial has a validation metric yet.");
        Section(html, "Parameter importance", [SearchCharts.Importance(report, palette)],
            $"No parameter explains more of the metric's spread than chance, or there are fewer than {ParameterImportance.MinimumTrials} completed trials of the winning trainer.");
        Section(html, "Feature importance" + (report.FeatureImportanceSource is { } where ? $" on the {where}" : string.Empty), [SearchCharts.FeatureImportance(report)],
            report.InProgress ? "Measured on the winner at the end of the run." : "Not measured: no labelled test or validation rows with columns of their own (images, cross-validation).");
        Section(html, "Learning curves", [SearchCharts.LearningCurves(report, palette)], "No network reported a learning curve (the winners are classic trainers, or none ran two epochs).");
        Section(html, "Winning architecture", [Architecture(report)], Describe(report.Winner));
        if (report.Test is { } test)
        {
            html.Append("<section>").Append(TestSection.ToHtml(test, report.TestSource)).Append("</section>");
        }

        html.Append("<section><h2>Leaderboard</h2><p class=\"note\">Click a column to sort.</p>").Append(LeaderboardTable.ToHtml(report)).Append("</section>");
        html.Append($"<footer>Written by MlNetNas at {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC.</footer>");
        return html.Append($"<script>{Script}</script></body></html>").ToString();
    }

    private static string Summary(ExperimentReport report)
    {
        var counts = report.Trials.GroupBy(t => t.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var text = new StringBuilder($"<p class=\"summary\">{Svg.Text(report.Task.Kind.ToString())} of <b>{Svg.Text(report.Task.LabelColumnName)}</b>, by validation {Svg.Text(SearchCharts.MetricName(report.Task))}. ");
        text.Append($"{report.Trials.Count} trials ({Svg.Text(string.Join(", ", counts))})");
        if (report.Elapsed is { } elapsed)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $" in {elapsed.TotalSeconds:F0} s"));
        }

        if (report.Budget is { } budget)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $" of a {budget.TotalSeconds:F0} s budget"));
        }

        text.Append(report.InProgress ? "; <b>the search is running</b>: this page reloads every 5 s." : ".");
        if (report.Winner is { } best)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"</p><p class=\"summary\">Best: trial {best.TrialId}, <b>{Svg.Text(best.Trainer)}</b>, {Svg.Text(SearchCharts.MetricName(report.Task))} = <b>{best.Metric:F4}</b>"));
            text.Append(best.Architecture is null ? string.Empty : $" ({Svg.Text(best.Architecture)})").Append('.');
        }

        return text.Append("</p>").ToString();
    }

    private static string? Architecture(ExperimentReport report)
    {
        if (report.BestArchitectureJson is not { } json)
        {
            return null;
        }

        try
        {
            return ArchitectureDiagram.ToSvg(ArchitectureGraph.FromJson(json));
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            return null; // an architecture this version cannot read: the page says the winner has no graph to draw
        }
    }

    private static string Describe(TrialResult? winner) => winner is null
        ? "No trial has finished yet."
        : $"The winner (trial {winner.TrialId}, {winner.Trainer}) is not a single network, so there is no graph to draw{(winner.Architecture is null ? "." : $": {winner.Architecture}.")}";

    private static void Section(StringBuilder html, string heading, IReadOnlyList<string?> charts, string whenEmpty)
    {
        html.Append($"<section><h2>{Svg.Text(heading)}</h2>");
        var drawn = charts.Where(c => c is not null).ToArray();
        if (drawn.Length == 0)
        {
            html.Append($"<p class=\"empty\">{Svg.Text(whenEmpty)}</p>");
        }
        else
        {
            html.Append("<div class=\"row\">");
            foreach (string? chart in drawn)
            {
                html.Append("<div class=\"figure\">").Append(chart).Append("</div>");
            }

            html.Append("</div>");
        }

        html.Append("</section>");
    }

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1400px}
        h1{font-size:22px;margin:0 0 8px} h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .summary{margin:4px 0} .note,.empty,footer{color:#666;font-size:13px}
        .row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start} .figure{overflow:auto;max-height:900px}
        svg.chart{background:#fff;border:1px solid #eee} .chart-title{font-size:13px;font-weight:600}
        .tick,.legend{font-size:11px;fill:#444} .axis-title{font-size:12px;fill:#333} .cell-count{font-size:10px;fill:#111}
        .grid{stroke:#eee} .frame{fill:none;stroke:#bbb} .guide{stroke:#888;stroke-dasharray:4 3}
        .edge{fill:none;stroke:#888;stroke-width:1.2} .op rect{fill:#eef3fa;stroke:#4e79a7} .op-input rect,.op-output rect{fill:#fdf1e4;stroke:#f28e2b}
        .op-label{font-size:11px} .op-shape{font-size:10px;fill:#666}
        table{border-collapse:collapse;font-size:12px} th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
        th{background:#f4f4f4;cursor:pointer;user-select:none} th[data-order=asc]::after{content:" ▲"} th[data-order=desc]::after{content:" ▼"}
        tr.best{background:#eaf6e9} td.model{max-width:520px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        """;

    // Sorts a table by the clicked column: by each cell's data-v when every cell has a number, else by its text.
    private const string Script = """
        document.querySelectorAll('table.sortable').forEach(function (table) {
          table.querySelectorAll('th').forEach(function (th, column) {
            th.addEventListener('click', function () {
              var ascending = th.dataset.order !== 'asc';
              table.querySelectorAll('th').forEach(function (h) { delete h.dataset.order; });
              th.dataset.order = ascending ? 'asc' : 'desc';
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              var key = function (row) { var cell = row.cells[column]; return cell.dataset.v !== undefined ? parseFloat(cell.dataset.v) : cell.textContent; };
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                var order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
                return ascending ? order : -order;
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
        });
        """;
}
