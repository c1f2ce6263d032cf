using System.Text.Json;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>image-classification on a CSV of 8×8 digit pixels: the cell search runs end to end, and bad image arguments get one clear line.</summary>
[Collection(TorchCollection.Name)]
public sealed class ImageClassificationTests : IDisposable
{
    private const string GoodCell = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PixelCsv_CellWinsOrCompetes_ModelZipPredictsEveryRow()
    {
        string digits = Subset(400);
        string output = Path.Combine(_temp.Root, "out");

        var train = await CliRun.RunAsync(
            "image-classification", "--dataset", digits, "--label-col", "64", "--image-shape", "8x8", "--trainers", "cell",
            "--cell", GoodCell, "--max-trials", "1", "--train-time", "40", "--seed", "3", "--output", output);

        train.AssertSucceeded();
        Assert.Contains("images 1x8x8 from 64 pixel columns", train.Out, StringComparison.Ordinal);
        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best.json")));
        Assert.Equal("cell", best.RootElement.GetProperty("trainer").GetString());
        Assert.Equal(GoodCell, best.RootElement.GetProperty("cell").GetString());
        // 320 training rows of ten classes: far above the 0.1 of chance, well below what more data reaches.
        Assert.True(best.RootElement.GetProperty("validation_metric").GetDouble() > 0.6, train.Out);
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));

        string predictions = Path.Combine(_temp.Root, "predictions.csv");
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", digits, "--output", predictions);

        predict.AssertSucceeded();
        Assert.Equal(401, File.ReadAllLines(predictions).Length);
    }

    [Fact]
    public async Task ImageFolder_TrainsACell_AndPredictListsEveryPicture()
    {
        string flowers = TestData.Path("images", "flowers-tiny");
        string output = Path.Combine(_temp.Root, "flowers");

        var train = await CliRun.RunAsync(
            "image-classification", "--dataset", flowers, "--test-dataset", flowers, "--image-size", "12", "--trainers", "cell", "--cell", GoodCell,
            "--max-trials", "1", "--train-time", "30", "--seed", "1", "--output", output);

        train.AssertSucceeded();
        Assert.Matches(@"test \(.*flowers-tiny\): accuracy = [01]\.\d+, macro accuracy = [01]\.\d+, .*n = 12", train.Out);
        Assert.Contains("12 pictures in 2 classes (daisy, roses); resized to 3x12x12", train.Out, StringComparison.Ordinal);
        string predictions = Path.Combine(_temp.Root, "flowers.csv");
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", flowers, "--output", predictions);

        predict.AssertSucceeded();
        string[] lines = File.ReadAllLines(predictions);
        Assert.StartsWith("ImagePath,PredictedLabel,Score_0,Score_1", lines[0], StringComparison.Ordinal);
        Assert.Equal(13, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"\.jpg,(daisy|roses),", l));
        Assert.Contains("LICENSE.txt", predict.Error, StringComparison.Ordinal); // skipped, and said so
    }

    [Fact]
    public async Task IdxFiles_TrainAndScoreAnIdxTestSet()
    {
        string train = MlNetNas.Tests.Data.Images.IdxFiles.WriteDigits(_temp.Root, "train", 300);
        string test = MlNetNas.Tests.Data.Images.IdxFiles.WriteDigits(_temp.Root, "t10k", 100, skip: 300);

        var run = await CliRun.RunAsync(
            "image-classification", "--dataset", train, "--test-dataset", test, "--trainers", "cell", "--cell", GoodCell,
            "--max-trials", "1", "--train-time", "30", "--seed", "2", "--output", Path.Combine(_temp.Root, "idx"));

        run.AssertSucceeded();
        Assert.Contains("300 images of 8x8, labels from train-labels-idx1-ubyte.gz, 10 classes", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"test \(.*t10k-images-idx3-ubyte.gz\): accuracy = 0\.[5-9]", run.Out);
    }

    [Fact]
    public async Task ImageFolder_WithStorage_StudyNamedAfterTheFolder_AndWarmStartReadsIt()
    {
        string flowers = TestData.Path("images", "flowers-tiny") + Path.DirectorySeparatorChar;
        string store = $"sqlite:{Path.Combine(_temp.Root, "runs.db")}";
        string[] common = ["image-classification", "--dataset", flowers, "--image-size", "8", "--trainers", "mobile", "--max-trials", "1", "--train-time", "20"];

        var first = await CliRun.RunAsync([.. common, "--storage", store, "--output", Path.Combine(_temp.Root, "a")]);
        var second = await CliRun.RunAsync([.. common, "--warm-start", store, "--output", Path.Combine(_temp.Root, "b")]);

        first.AssertSucceeded();
        Assert.Contains("study 'flowers-tiny-classification-accuracy'", first.Out, StringComparison.Ordinal);
        second.AssertSucceeded();
        Assert.Contains("warm start: 1 trials from study 'flowers-tiny-classification-accuracy'", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageFolderWithLabelCol_SaysTheFolderIsTheLabel()
    {
        var run = await CliRun.RunAsync("image-classification", "--dataset", TestData.Path("images", "flowers-tiny"), "--label-col", "x", "--output", Path.Combine(_temp.Root, "o"));
        run.AssertFailed(2, "image folder", "sub-folders are the classes");
    }

    [Fact]
    public async Task TabularModel_OnAPictureFolder_SaysItIsNotAnImageModel()
    {
        string output = Path.Combine(_temp.Root, "iris");
        var train = await CliRun.RunAsync("classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--trainers", "linear", "--max-trials", "1", "--output", output);
        train.AssertSucceeded();

        var run = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", TestData.Path("images", "flowers-tiny"), "--output", Path.Combine(_temp.Root, "p.csv"));
        run.AssertFailed(1, "not trained on an image folder");
    }

    [Fact]
    public async Task NoImageShape_SaysToGiveIt()
    {
        var run = await CliRun.RunAsync("image-classification", "--dataset", Subset(50), "--label-col", "64", "--output", Path.Combine(_temp.Root, "o"));
        run.AssertFailed(2, "--image-shape");
    }

    [Fact]
    public async Task ShapeNotMatchingTheColumns_NamesBothCounts()
    {
        var run = await CliRun.RunAsync("image-classification", "--dataset", Subset(50), "--label-col", "64", "--image-shape", "7x7", "--output", Path.Combine(_temp.Root, "o"));
        run.AssertFailed(1, "64 pixel columns", "needs 49");
    }

    [Theory]
    [InlineData("--image-shape", "8by8", "--image-shape")]
    [InlineData("--cell", "|conv~0|", "--cell")]
    [InlineData("--space", "resnet", "expected cell, mobile or auto")]
    [InlineData("--trainers", "cell,forest", "forest")]
    public async Task BadImageArgument_OneClearLine(string option, string value, string expected)
    {
        string[] args = ["image-classification", "--dataset", Subset(50), "--label-col", "64", "--image-shape", "8x8", "--output", Path.Combine(_temp.Root, "o")];
        int at = Array.IndexOf(args, option);
        args = at >= 0 ? [.. args[..(at + 1)], value, .. args[(at + 2)..]] : [.. args, option, value];
        var run = await CliRun.RunAsync(args);
        run.AssertFailed(2, expected);
    }

    [Fact]
    public async Task CellWithMobileSpace_SaysTheyExcludeEachOther()
    {
        var run = await CliRun.RunAsync("image-classification", "--dataset", Subset(50), "--label-col", "64", "--image-shape", "8x8", "--space", "mobile", "--cell", GoodCell, "--output", Path.Combine(_temp.Root, "o"));
        run.AssertFailed(2, "--space cell or auto");
    }

    [Fact]
    public async Task MobileSpace_OnPixelCsv_TrainsAMobileNetwork()
    {
        string output = Path.Combine(_temp.Root, "mobile");
        var run = await CliRun.RunAsync(
            "image-classification", "--dataset", Subset(300), "--label-col", "64", "--image-shape", "8x8", "--space", "mobile",
            "--trainers", "cell,mobile", "--max-trials", "1", "--train-time", "20", "--seed", "4", "--output", output);

        run.AssertSucceeded();
        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best.json")));
        Assert.Equal("mobile", best.RootElement.GetProperty("trainer").GetString());
        Assert.StartsWith("mobile 16 | 1x16 k3 e1 relu", best.RootElement.GetProperty("architecture_summary").GetString(), StringComparison.Ordinal);
    }

    private string Subset(int rows)
    {
        string path = Path.Combine(_temp.Root, $"digits-{rows}.csv");
        File.WriteAllLines(path, File.ReadLines(TestData.Path("mlnet-samples", "optdigits-train.csv")).Take(rows));
        return path;
    }
}
