using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>The text-classification command: searched text encoders beside the classic trainers, and a model.zip that takes raw text.</summary>
[Collection(TorchCollection.Name)]
public sealed class TextClassificationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WikipediaDetox_TextEncoderTrainsAndItsModelPredictsRawText()
    {
        string data = TestData.Path("mlnet-samples", "wikipedia-detox-250-line-data.tsv");
        string output = Path.Combine(_temp.Root, "out");
        string predictions = Path.Combine(_temp.Root, "p.csv");

        var train = await CliRun.RunAsync(
            "text-classification", "--dataset", data, "--label-col", "Sentiment", "--trainers", "text", "--max-trials", "2",
            "--train-time", "30", "--seed", "1", "--output", output);
        train.AssertSucceeded();
        Assert.Contains(" text ", train.Out, StringComparison.Ordinal);
        string trials = File.ReadAllText(Path.Combine(output, "trials.csv"));
        Assert.Contains("embedding", trials, StringComparison.Ordinal);

        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", data, "--output", predictions);
        predict.AssertSucceeded();
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal(File.ReadLines(data).Count(), lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(l.Split(',')[0], new[] { "0", "1" }));
    }

    [Fact]
    public async Task ClassificationOffersTheTextTrainerForATextColumn()
    {
        string data = TestData.Path("mlnet-samples", "wikipedia-detox-250-line-data.tsv");
        var run = await CliRun.RunAsync(
            "classification", "--dataset", data, "--label-col", "Sentiment", "--max-trials", "6",
            "--train-time", "40", "--seed", "1", "--cv-folds", "1", "--output", Path.Combine(_temp.Root, "out")); // one split: ensembles are built
        run.AssertSucceeded();
        string trials = File.ReadAllText(Path.Combine(_temp.Root, "out", "trials.csv"));
        Assert.Contains(",text,", trials, StringComparison.Ordinal);
        Assert.Contains(",linear,", trials, StringComparison.Ordinal);

        // A text model stays out of ensembles: the incumbent disposes the models it drops, and its ONNX steps with them.
        Assert.DoesNotContain("(text)", trials, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherColumnsJoinTheTextNetwork()
    {
        // The label follows the number alone; the words are noise. A text network that did not see the number would be at chance.
        var random = new Random(3);
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon"];
        string data = Path.Combine(_temp.Root, "mixed.csv");
        File.WriteAllLines(data, ["note,amount,label", .. Enumerable.Range(0, 300).Select(_ =>
        {
            double amount = (random.NextDouble() * 2) - 1;
            string note = string.Join(' ', Enumerable.Range(0, 4).Select(_ => words[random.Next(words.Length)]));
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{note},{amount:F4},{(amount > 0 ? "up" : "down")}");
        })]);

        var run = await CliRun.RunAsync(
            "text-classification", "--dataset", data, "--label-col", "label", "--text-col", "note", "--trainers", "text", "--max-trials", "1",
            "--train-time", "30", "--seed", "1", "--cv-folds", "1", "--output", Path.Combine(_temp.Root, "out"));
        run.AssertSucceeded();
        string[] trial = File.ReadAllLines(Path.Combine(_temp.Root, "out", "trials.csv"))[1].Split(',');
        Assert.Contains("1 other features", File.ReadAllText(Path.Combine(_temp.Root, "out", "trials.csv")), StringComparison.Ordinal);
        Assert.True(double.Parse(trial[3], System.Globalization.CultureInfo.InvariantCulture) >= 0.85, $"validation accuracy {trial[3]}");
    }

    [Fact]
    public async Task AFileWithoutTextIsRefusedWithTheColumnsItHas()
    {
        var run = await CliRun.RunAsync(
            "text-classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--train-time", "5", "--output", Path.Combine(_temp.Root, "out"));
        run.AssertFailed(2, "--text-col", "sepal_length");
        run.AssertNoStackTrace();
    }
}
