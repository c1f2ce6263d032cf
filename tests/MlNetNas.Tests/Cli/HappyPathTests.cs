using System.Text.Json;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>A small real run: classification on iris writes the model and its reports, and predict scores every row with it.</summary>
[Collection(TorchCollection.Name)]
public sealed class HappyPathTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ClassificationOnIris_WritesTheModel_AndPredictScoresEveryRow()
    {
        string iris = TestData.Path("tabular", "iris.csv");
        string output = Path.Combine(_temp.Root, "out");

        var train = await CliRun.RunAsync(
            "classification", "--dataset", iris, "--label-col", "species", "--trainers", "nas,linear",
            "--max-trials", "3", "--train-time", "20", "--seed", "1", "--output", output);

        train.AssertSucceeded();
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
        Assert.True(File.Exists(Path.Combine(output, "trials.csv")));
        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best.json")));
        string? winner = best.RootElement.GetProperty("trainer").GetString();
        Assert.Equal(winner == "nas", File.Exists(Path.Combine(output, "model.onnx")));
        Assert.Empty(Directory.GetFiles(output, "*.partial"));
        Assert.Contains("best: trial", train.Out, StringComparison.Ordinal);

        string predictions = Path.Combine(_temp.Root, "predictions.csv");
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", iris, "--output", predictions);

        predict.AssertSucceeded();
        int rows = File.ReadLines(iris).Count() - 1;
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal(rows + 1, lines.Length);
        Assert.StartsWith("PredictedLabel", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Matches("^(setosa|versicolor|virginica),", l));
        Assert.Contains($"wrote {rows} predictions", predict.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(predictions + ".partial"));
    }
}
