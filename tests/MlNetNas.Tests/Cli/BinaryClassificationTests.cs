using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>A two-class file goes the binary route: scalar Score and Probability, and PredictedLabel in the file's own label values.</summary>
[Collection(TorchCollection.Name)]
public sealed class BinaryClassificationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BreastCancer_PredictsTheFilesLabels_WithAScalarProbability()
    {
        string data = TestData.Path("tabular", "breast_cancer.csv");
        string output = Path.Combine(_temp.Root, "out");
        string predictions = Path.Combine(_temp.Root, "p.csv");

        var train = await CliRun.RunAsync(
            "classification", "--dataset", data, "--label-col", "diagnosis", "--trainers", "nas,linear", "--max-trials", "3",
            "--train-time", "20", "--seed", "1", "--output", output);
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", data, "--output", predictions);

        train.AssertSucceeded();
        predict.AssertSucceeded();
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("PredictedLabel,Score,Probability", lines[0]);
        var truth = File.ReadLines(data).Skip(1).Select(l => l.Split(',')[Array.IndexOf(File.ReadLines(data).First().Split(','), "diagnosis")]).ToArray();
        var predicted = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(predicted, p => Assert.Contains(p[0], new[] { "benign", "malignant" }));
        Assert.All(predicted, p => Assert.InRange(float.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), 0f, 1f));
        Assert.True(truth.Zip(predicted).Count(p => p.First == p.Second[0]) >= 0.9 * truth.Length, "binary predictions do not match the file's labels");
        Assert.Contains("\"task\": \"BinaryClassification\"", File.ReadAllText(Path.Combine(output, "best.json")), StringComparison.Ordinal);
    }
}
