using MlNetNas.Cli.Commands;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>Small files are cross-validated by default (the smallest with repeated folds); --cv-folds and --validation-dataset say otherwise, and the run says what it used.</summary>
[Collection(TorchCollection.Name)]
public sealed class ValidationPlanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null, false, 455L, 5, "5-fold cross-validation of 455 rows (fewer than 2,000: the default; --cv-folds 1 for one 20% split)")]
    [InlineData(null, false, 1999L, 5, "5-fold cross-validation of 1,999 rows (fewer than 2,000")]
    [InlineData(null, false, 2000L, null, "one seeded 20% split of 2,000 rows")]
    [InlineData(1, false, 455L, null, "one seeded 20% split of 455 rows")]
    [InlineData(3, false, 455L, 3, "3-fold cross-validation of 455 rows")]
    [InlineData(null, true, 455L, null, "the --validation-dataset file")]
    [InlineData(null, false, null, null, "one seeded 20% split")]
    public void Choose_DefaultsToFoldsForSmallFilesOnly(int? given, bool validationFile, long? rows, int? folds, string described)
    {
        var plan = ValidationPlan.Choose(given, validationFile, rows, repeats: 1);
        Assert.Equal(folds, plan.Folds);
        Assert.Equal("validation: " + described, plan.Describe()[..Math.Min(plan.Describe().Length, described.Length + 12)]);
    }

    [Fact]
    public async Task ASmallFile_IsCrossValidated_AndOneSplitIsOneFlagAway()
    {
        string iris = TestData.Path("tabular", "iris.csv");
        var folds = await CliRun.RunAsync(
            "classification", "--dataset", iris, "--label-col", "species", "--trainers", "linear", "--max-trials", "2",
            "--train-time", "60", "--seed", "1", "--output", Path.Combine(_temp.Root, "cv"));
        folds.AssertSucceeded();
        Assert.Contains("validation: 5-fold cross-validation of 150 rows repeated 2 times (10 fits per trial) (fewer than 1,000: the default", folds.Out, StringComparison.Ordinal);
        Assert.Contains("feature importance on the training rows (cross-validation holds none out", folds.Out, StringComparison.Ordinal);
        Assert.Contains("the winner (linear) was fitted again on all 150 rows: each fold's model had seen 4 of 5 folds", folds.Out, StringComparison.Ordinal);

        var split = await CliRun.RunAsync(
            "classification", "--dataset", iris, "--label-col", "species", "--trainers", "linear", "--max-trials", "2",
            "--train-time", "60", "--seed", "1", "--cv-folds", "1", "--output", Path.Combine(_temp.Root, "split"));
        split.AssertSucceeded();
        Assert.Contains("validation: one seeded 20% split of 150 rows", split.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("fitted again", split.Out, StringComparison.Ordinal);

        // The two plans score the same trials differently: the mean of five folds is not the one split's figure.
        Assert.NotEqual(Metrics(Path.Combine(_temp.Root, "cv")), Metrics(Path.Combine(_temp.Root, "split")));
    }

    [Theory]
    [InlineData(null, 150L, 2, "5-fold cross-validation of 150 rows repeated 2 times (10 fits per trial) (fewer than 1,000: the default; --cv-repeats 1 for one partition")]
    [InlineData(null, 999L, 2, "5-fold cross-validation of 999 rows repeated 2 times")]
    [InlineData(null, 1000L, 1, "5-fold cross-validation of 1,000 rows (fewer than 2,000: the default")]
    [InlineData(1, 150L, 1, "5-fold cross-validation of 150 rows (fewer than 2,000: the default")]
    [InlineData(3, 150L, 3, "5-fold cross-validation of 150 rows repeated 3 times (15 fits per trial)")]
    public void TheSmallestFiles_ArePartitionedTwiceByDefault(int? repeats, long rows, int expected, string described)
    {
        var plan = ValidationPlan.Choose(null, false, rows, repeats);
        Assert.Equal(expected, plan.Repeats);
        Assert.StartsWith("validation: " + described, plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AStudyStoresTheDefaultRepeats_SoThatResumingPartitionsAsTheRunDid()
    {
        string[] command = ["classification", "--dataset", "iris.csv"];
        Assert.Equal([.. command, "--cv-repeats", "2"], ValidationPlan.Choose(null, false, 150, null).Pinned(command));
        Assert.Equal(command, ValidationPlan.Choose(null, false, 150, 1).Pinned(command));
        Assert.Equal(command, ValidationPlan.Choose(null, false, 1500, null).Pinned(command));
    }

    [Fact]
    public void RepeatsAreNotAddedWhereFoldsWereAskedFor_OrToASplit()
    {
        Assert.Equal(1, ValidationPlan.Choose(3, false, 150, null).Repeats);
        Assert.Equal(1, ValidationPlan.Choose(1, false, 150, null).Repeats);
        Assert.Equal(1, ValidationPlan.Choose(null, true, 150, null).Repeats);
    }

    [Fact]
    public void RepeatedFolds_SayHowManyFitsATrialCosts()
    {
        var plan = ValidationPlan.Choose(3, false, 455, repeats: 2);
        Assert.Contains("3-fold cross-validation of 455 rows repeated 2 times (6 fits per trial)", plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroRepeats_IsAUsageError()
    {
        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--cv-repeats", "0",
            "--output", Path.Combine(_temp.Root, "out"));
        run.AssertFailed(2, "--cv-repeats must be at least 1; got 0.");
    }

    [Fact]
    public async Task ZeroFolds_IsAUsageError()
    {
        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--cv-folds", "0",
            "--output", Path.Combine(_temp.Root, "out"));
        run.AssertFailed(2, "--cv-folds must be 1 (one 20% split) or at least 2");
    }

    private static string Metrics(string output) =>
        string.Join(";", File.ReadLines(Path.Combine(output, "trials.csv")).Skip(1).Select(l => l.Split(',')[3]));
}
