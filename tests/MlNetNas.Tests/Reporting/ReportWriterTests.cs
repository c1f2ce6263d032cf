using MlNetNas.Experiment;
using MlNetNas.Reporting;
using MlNetNas.Search;
using MlNetNas.SearchSpace;

namespace MlNetNas.Tests.Reporting;

public sealed class ReportWriterTests
{
    private static readonly NasTask Task = NasTask.MulticlassClassification("species");

    [Fact]
    public void TheLeaderboard_ListsTheBestTrialFirst_AndFailedTrialsLast()
    {
        var report = new ExperimentReport(Task, [Trial(1, 0.8), Trial(2, null), Trial(3, 0.95), Trial(4, 0.9)]);

        string html = ReportWriter.ToHtml(report);

        string board = html[html.IndexOf("<table id=\"leaderboard\"", StringComparison.Ordinal)..];
        var order = new[] { 3, 4, 1, 2 }.Select(id => board.IndexOf($"<td data-v=\"{id}\">{id}</td><td>nas</td>", StringComparison.Ordinal)).ToArray();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.OrderBy(i => i), order);
        Assert.Contains("<tr class=\"best\"><td data-v=\"1\">1</td><td data-v=\"3\">3</td>", board, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFromTheData_IsEscaped()
    {
        var report = new ExperimentReport(NasTask.MulticlassClassification("<script>alert(1)</script>"), [Trial(1, 0.5) with { Error = "a < b & \"c\"" }]) { Title = "x<y>.csv" };

        string html = ReportWriter.ToHtml(report);

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("x&lt;y&gt;.csv", html, StringComparison.Ordinal);
    }

    [Fact]
    public void APageWrittenDuringTheSearch_ReloadsItself_AndTheFinalOneDoesNot()
    {
        var trials = new[] { Trial(1, 0.8) };

        Assert.Contains("http-equiv=\"refresh\"", ReportWriter.ToHtml(new ExperimentReport(Task, trials) { InProgress = true }), StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", ReportWriter.ToHtml(new ExperimentReport(Task, trials)), StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkWinner_IsDrawnAsItsGraph_OneBoxPerOperator()
    {
        var graph = new MlNetNas.Architectures.ArchitectureGraph(new MlNetNas.Architectures.TensorShape([4]),
            [new("h", "linear", ["input"], new Dictionary<string, double> { ["units"] = 8 }), new("a", "relu", "h"), new("out", "linear", ["a"], new Dictionary<string, double> { ["units"] = 3 })],
            "out");
        var report = new ExperimentReport(Task, [Trial(1, 0.9)]) { BestArchitectureJson = graph.ToJson() };

        string html = ReportWriter.ToHtml(report);

        Assert.Contains("data-chart=\"architecture\"", html, StringComparison.Ordinal);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(html, "<g class=\"mark op "));
        Assert.Contains($"{graph.ParameterCount:N0} parameters", html, StringComparison.Ordinal);
    }

    private static TrialResult Trial(int id, double? metric) => new(
        id, "nas", Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromString("nas"))]))]),
        metric is null ? TrialStatus.Failed : TrialStatus.Completed, metric, TimeSpan.FromSeconds(id), metric is null ? "boom" : null);
}
