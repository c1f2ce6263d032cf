using System.Globalization;
using MlNetNas.Tests.Cli;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Reporting;

/// <summary>report.html of real CLI runs, opened in a real headless browser: every chart is there, drawn and not empty, and no script fails.</summary>
[Collection(TorchCollection.Name)]
public sealed class ReportBrowserTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task AClassificationReport_RendersEveryChart_AndSortsItsLeaderboard()
    {
        string data = TestData.Path("tabular", "iris.csv");
        string output = Path.Combine(temp.Root, "iris");
        var run = await CliRun.RunAsync("classification", "--dataset", data, "--label-col", "species", "--test-dataset", data,
            "--trainers", "nas", "--max-trials", "8", "--train-time", "120", "--seed", "1", "--cv-folds", "1", "--output", output); // the 8 trials end it, not the budget
        run.AssertSucceeded();
        Assert.Contains("wrote " + Path.Combine(output, "report.html"), run.Out, StringComparison.Ordinal);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var errors = new List<string>();
        var page = await chromium.OpenAsync(Path.Combine(output, "report.html"), errors);

        foreach (string chart in new[] { "best-so-far", "trials", "pareto", "parameter-importance", "feature-importance", "learning-curves", "architecture", "confusion-matrix" })
        {
            await AssertDrawn(page, chart);
        }

        Assert.Equal(8, await page.Locator("#leaderboard tbody tr").CountAsync());
        Assert.Equal(8, await page.Locator("svg[data-chart=trials] .mark").CountAsync());
        Assert.Equal(9, await page.Locator("svg[data-chart=confusion-matrix] .mark").CountAsync());
        await page.Locator("#leaderboard th", new() { HasText = "seconds" }).ClickAsync();
        var ascending = await Column(page, 5);
        Assert.Equal(ascending.OrderBy(v => v), ascending);
        await page.Locator("#leaderboard th", new() { HasText = "seconds" }).ClickAsync();
        var descending = await Column(page, 5);
        Assert.Equal(descending.OrderByDescending(v => v), descending);
        Assert.True(ascending.Distinct().Count() > 1, "all trials took the same time: the sort was not tested");
        Assert.Equal(3, await page.Locator("#per-class tbody tr").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ARegressionReport_DrawsTheTestResiduals()
    {
        string data = Path.Combine(temp.Root, "bike.csv");
        File.WriteAllLines(data, File.ReadLines(TestData.Path("mlnet-samples", "bike-hour-train.csv")).Take(801));
        string output = Path.Combine(temp.Root, "bike");
        var run = await CliRun.RunAsync("regression", "--dataset", data, "--label-col", "cnt", "--ignore-cols", "instant,dteday,casual,registered",
            "--test-dataset", data, "--trainers", "nas,lightgbm", "--max-trials", "6", "--train-time", "30", "--seed", "1", "--output", output);
        run.AssertSucceeded();

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var errors = new List<string>();
        var page = await chromium.OpenAsync(Path.Combine(output, "report.html"), errors);

        foreach (string chart in new[] { "best-so-far", "trials", "pareto", "residuals" })
        {
            await AssertDrawn(page, chart);
        }

        Assert.Equal(800, await page.Locator("svg[data-chart=residuals] .mark").CountAsync());
        Assert.Empty(errors);
    }

    /// <summary>The chart is in the page, laid out at a visible size, with marks (points, lines or bars) inside.</summary>
    private static async Task AssertDrawn(Microsoft.Playwright.IPage page, string chart)
    {
        var svg = page.Locator($"svg.chart[data-chart=\"{chart}\"]");
        Assert.True(await svg.CountAsync() == 1, $"the report has no '{chart}' chart");
        var box = await svg.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 60 }, $"'{chart}' is laid out at {box?.Width}x{box?.Height}");
        int marks = await svg.Locator(".mark").CountAsync();
        Assert.True(marks >= 1, $"'{chart}' has no marks (points, lines, bars, cells or boxes)");
    }

    private static async Task<double[]> Column(Microsoft.Playwright.IPage page, int column) =>
        (await page.Locator($"#leaderboard tbody tr td:nth-child({column + 1})").AllTextContentsAsync())
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
}
