using System.Text.Json;
using MlNetNas.Architectures.Families;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>--tuner enas|darts|gdas: one supernet search, then its cell retrained as an ordinary trial and shipped like any winner.</summary>
[Collection(TorchCollection.Name)]
public sealed class OneShotCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Gdas_SearchesThenRetrainsItsCell_AndRecordsBothWithTheirCost()
    {
        string digits = Subset(400);
        string output = Path.Combine(_temp.Root, "out");

        var train = await CliRun.RunAsync(
            "image-classification", "--dataset", digits, "--label-col", "64", "--image-shape", "8x8", "--trainers", "cell",
            "--tuner", "gdas", "--max-trials", "2", "--train-time", "24", "--seed", "2", "--output", output);

        train.AssertSucceeded();
        Assert.Contains("supernet estimate", train.Out, StringComparison.Ordinal);
        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best.json")));
        var oneShot = best.RootElement.GetProperty("one_shot");
        string cell = oneShot.GetProperty("cell").GetString()!;
        Assert.Equal("gdas", oneShot.GetProperty("method").GetString());
        Assert.True(CellArchitecture.Parse(cell).SkipConnections <= 2, cell);
        Assert.InRange(oneShot.GetProperty("supernet_accuracy").GetDouble(), 0, 1);
        Assert.True(oneShot.GetProperty("supernet_seconds").GetDouble() > 0);
        Assert.Equal(2, oneShot.GetProperty("retrain_trial").GetInt32());
        Assert.True(oneShot.GetProperty("retrain_seconds").GetDouble() > 0);

        // The winner is the retrained cell, an ordinary network with its ONNX export.
        Assert.Equal("cell", best.RootElement.GetProperty("trainer").GetString());
        Assert.Equal(cell, best.RootElement.GetProperty("cell").GetString());
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));

        string[] trials = File.ReadAllLines(Path.Combine(output, "trials.csv"));
        Assert.EndsWith("error,supernet_accuracy,peak_rss_mb", trials[0], StringComparison.Ordinal);
        Assert.StartsWith("1,gdas,completed,,", trials[1], StringComparison.Ordinal);
        Assert.StartsWith("2,cell,completed,", trials[2], StringComparison.Ordinal);
        Assert.Contains(cell, trials[2], StringComparison.Ordinal);
        var read = MlNetNas.Experiment.TrialsCsvReader.Read(Path.Combine(output, "trials.csv"), MlNetNas.Experiment.NasMetric.Accuracy);
        Assert.Equal(read[0].SupernetAccuracy, read[1].SupernetAccuracy);
        Assert.All(read, t => Assert.True(t.PeakMemoryBytes > 0));
    }

    [Theory]
    [InlineData("enas")]
    [InlineData("darts")]
    public async Task EnasAndDarts_OnAPictureFolder_RetrainTheirCellAndPredictEveryPicture(string method)
    {
        string flowers = TestData.Path("images", "flowers-tiny");
        string output = Path.Combine(_temp.Root, method);

        var train = await CliRun.RunAsync(
            "image-classification", "--dataset", flowers, "--image-size", "8", "--trainers", "cell", "--tuner", method,
            "--max-trials", "2", "--train-time", "12", "--seed", "1", "--output", output);

        train.AssertSucceeded();
        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best.json")));
        Assert.Equal(method, best.RootElement.GetProperty("one_shot").GetProperty("method").GetString());
        Assert.Equal(best.RootElement.GetProperty("one_shot").GetProperty("cell").GetString(), best.RootElement.GetProperty("cell").GetString());
        string predictions = Path.Combine(_temp.Root, method + ".csv");
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", flowers, "--output", predictions);
        predict.AssertSucceeded();
        Assert.Equal(13, File.ReadAllLines(predictions).Length);
    }

    [Theory]
    [InlineData("classification", "--tuner darts is a one-shot search of convolutional cells")]
    [InlineData("image-classification", "include cell in --trainers")]
    public async Task OneShot_WhereItCannotRun_SaysWhy(string command, string expected)
    {
        string[] args = command == "classification"
            ? ["classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--tuner", "darts", "--output", Path.Combine(_temp.Root, "o")]
            : ["image-classification", "--dataset", Subset(50), "--label-col", "64", "--image-shape", "8x8", "--trainers", "mobile", "--tuner", "darts", "--output", Path.Combine(_temp.Root, "o")];
        var run = await CliRun.RunAsync(args);
        run.AssertFailed(2, expected);
    }

    private string Subset(int rows)
    {
        string path = Path.Combine(_temp.Root, $"digits-{rows}.csv");
        File.WriteAllLines(path, File.ReadLines(TestData.Path("mlnet-samples", "optdigits-train.csv")).Take(rows));
        return path;
    }
}
