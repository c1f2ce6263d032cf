using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>
/// predict reads a file by its header names, as the training file was read: iris with its columns reversed scored by
/// position came out right for 1 row in 3; a missing feature column is refused by name; decimal commas read as numbers.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ColumnMatchingTests : IDisposable
{
    private static readonly string Iris = TestData.Path("tabular", "iris.csv");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Predict_OnReversedColumns_MatchesByName_AndRefusesAMissingColumn()
    {
        string model = await Train(Iris);
        string[] lines = File.ReadAllLines(Iris);
        string reversed = _temp.Write("reversed.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Reverse()))));
        string missing = _temp.Write("missing.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Skip(1)))));
        string predictions = Path.Combine(_temp.Root, "p.csv");

        var scored = await CliRun.RunAsync("predict", "--model", model, "--dataset", reversed, "--output", predictions);
        var refused = await CliRun.RunAsync("predict", "--model", model, "--dataset", missing, "--output", Path.Combine(_temp.Root, "p2.csv"));

        scored.AssertSucceeded();
        var truth = lines.Skip(1).Select(l => l.Split(',')[4]).ToArray();
        var predicted = File.ReadLines(predictions).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(truth.Length, predicted.Length);
        Assert.True(truth.Zip(predicted).Count(p => p.First == p.Second) >= 0.9 * truth.Length, "reversed columns were not matched by name");
        refused.AssertFailed(1, "missing.csv", "has no column 'sepal_length'");
        Assert.False(File.Exists(Path.Combine(_temp.Root, "p2.csv")));
    }

    [Fact]
    public async Task Classification_OnSemicolonsAndDecimalCommas_SaysSo_AndPredictsLikeTheOriginal()
    {
        string european = _temp.Write("iris-eu.csv", string.Join('\n', File.ReadLines(Iris).Select(l => l.Replace(',', ';').Replace('.', ','))));

        var train = await CliRun.RunAsync(TrainArguments(european, Path.Combine(_temp.Root, "eu")));
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(_temp.Root, "eu", "model.zip"), "--dataset", european, "--output", Path.Combine(_temp.Root, "p.csv"));

        train.AssertSucceeded();
        Assert.Contains("4 numeric, 0 categorical", train.Out, StringComparison.Ordinal);
        Assert.Contains("decimal comma", train.Out, StringComparison.Ordinal);
        predict.AssertSucceeded();
        var truth = File.ReadLines(Iris).Skip(1).Select(l => l.Split(',')[4]).ToArray();
        var predicted = File.ReadLines(Path.Combine(_temp.Root, "p.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.True(truth.Zip(predicted).Count(p => p.First == p.Second) >= 0.9 * truth.Length);
    }

    private async Task<string> Train(string dataset)
    {
        string output = Path.Combine(_temp.Root, "out");
        var train = await CliRun.RunAsync(TrainArguments(dataset, output));
        train.AssertSucceeded();
        return Path.Combine(output, "model.zip");
    }

    private static string[] TrainArguments(string dataset, string output) =>
        ["classification", "--dataset", dataset, "--label-col", "species", "--trainers", "linear", "--max-trials", "2", "--train-time", "20", "--seed", "1", "--output", output];
}
