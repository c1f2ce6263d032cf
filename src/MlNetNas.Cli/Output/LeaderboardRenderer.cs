using MlNetNas.Experiment;
using Spectre.Console;

namespace MlNetNas.Cli.Output;

/// <summary>Draws the live leaderboard: the best trials, the running one, and the time left.</summary>
internal static class LeaderboardRenderer
{
    public static Table Render(TrialBoard board, TimeSpan elapsed, TimeSpan budget)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]mlnet-nas[/] {board.Task.Kind}: {elapsed.TotalSeconds:F0}s of {budget.TotalSeconds:F0}s")
            .AddColumn("#").AddColumn("trainer").AddColumn(board.Task.Metric.ToString()).AddColumn("seconds").AddColumn("details");
        var trials = board.Snapshot();
        var ranked = trials.Where(t => t.Metric.HasValue)
            .OrderBy(t => board.Task.ToLoss(t.Metric!.Value))
            .Take(10);
        foreach (var t in ranked)
        {
            string style = t == board.Best ? "green" : "default";
            table.AddRow(
                new Markup($"[{style}]{t.TrialId}[/]"),
                new Markup($"[{style}]{Markup.Escape(t.Trainer)}[/]"),
                new Markup($"[{style}]{t.Metric:F4}[/]"),
                new Markup($"{t.Duration.TotalSeconds:F1}"),
                new Markup(Markup.Escape(Shorten(t.Architecture ?? string.Empty, 60))));
        }

        int failed = trials.Count(t => t.Metric is null);
        string running = board.Running is { } r ? $"running: trial {r.Id} ({Markup.Escape(r.Trainer)})" : string.Empty;
        table.Caption($"{trials.Count} trials, {failed} failed. {running}");
        return table;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
