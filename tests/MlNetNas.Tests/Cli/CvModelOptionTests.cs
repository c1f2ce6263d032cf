using System.Text.Json.Nodes;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>--cv-model bag: after cross-validation the winner is the mean of its fold models, in model.zip and pipeline.onnx.</summary>
[Collection(TorchCollection.Name)]
public sealed class CvModelOptionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Bag_AveragesTheFoldModels_AndTheirPipelineLowers()
    {
        string output = Path.Combine(_temp.Root, "bag");
        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--trainers", "linear",
            "--max-trials", "2", "--cv-folds", "3", "--cv-model", "bag", "--seed", "1", "--output", output);
        run.AssertSucceeded();
        Assert.Contains("the winner (linear) is the average of its 3 fold models (--cv-model bag), each trained on 2 of 3 folds", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("fitted again", run.Out, StringComparison.Ordinal);

        var best = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "best.json")))!;
        Assert.Equal(3, (int)best["bagged_folds"]!);
        Assert.Null(best["classic_refit_rows"]);

        // A multiclass linear model converts at opset 11 (Unsqueeze with attribute axes): the ensemble graph upgrades it,
        // and the CLI writes pipeline.onnx only when it matches model.zip within 1e-4 on the training rows.
        Assert.Equal("pipeline.onnx", (string)best["pipeline_onnx"]!);
        Assert.True(File.Exists(Path.Combine(output, "pipeline.onnx")));

        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", TestData.Path("tabular", "iris.csv"), "--output", Path.Combine(_temp.Root, "predictions.csv"));
        predict.AssertSucceeded();
        var rows = File.ReadAllLines(Path.Combine(_temp.Root, "predictions.csv"));
        Assert.Equal(151, rows.Length);
    }

    [Fact]
    public async Task Bag_WithOneSplit_SaysItHasNoEffect()
    {
        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--trainers", "linear",
            "--max-trials", "1", "--cv-folds", "1", "--cv-model", "bag", "--seed", "1", "--output", Path.Combine(_temp.Root, "split"));
        run.AssertSucceeded();
        Assert.Contains("--cv-model bag needs cross-validation (--cv-folds N)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("average of its", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownValue_IsAUsageError()
    {
        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--cv-model", "average",
            "--output", Path.Combine(_temp.Root, "out"));
        run.AssertFailed(2, "--cv-model must be refit or bag; got 'average'");
    }
}
