using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>
/// Every bad input gets one "error: " line naming what is wrong, exit code 2 for the command line and 1 for the data,
/// no stack trace, and no model.zip; inputs the data layer tolerates (text in a numeric column, NaN, ∞) train with a warning.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const int DataError = 1;
    private const int UsageError = 2;
    private static readonly string Iris = TestData.Path("tabular", "iris.csv");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string OutputFolder => Path.Combine(_temp.Root, "out");

    [Fact]
    public async Task MissingDataFile_NamesTheFile_ExitsOne()
    {
        string missing = Path.Combine(_temp.Root, "nope.csv");

        var run = await Classify(missing, "species");

        run.AssertFailed(DataError, missing, "not found");
        AssertNoModel();
    }

    [Fact]
    public async Task AbsentLabelColumn_ListsTheColumnsThatExist_ExitsOne()
    {
        var run = await Classify(Iris, "specis");

        run.AssertFailed(DataError, "iris.csv", "specis", "sepal_length", "petal_width", "species");
        AssertNoModel();
    }

    [Fact]
    public async Task EmptyFile_SaysEmpty_ExitsOne()
    {
        string path = _temp.Write("empty.csv", string.Empty);

        var run = await Classify(path, "label");

        run.AssertFailed(DataError, "empty.csv", "empty");
        AssertNoModel();
    }

    [Fact]
    public async Task HeaderOnly_SaysThereAreNoRows_ExitsOne()
    {
        string path = _temp.Write("header-only.csv", "a,b,label\n");

        var run = await Classify(path, "label");

        run.AssertFailed(DataError, "header-only.csv", "row");
        AssertNoModel();
    }

    [Fact]
    public async Task TextInNumericColumn_IsReadAsMissingWithAWarning()
    {
        var lines = File.ReadAllLines(Iris).ToList();
        lines.Insert(41, "5.1,abc,1.4,0.2,setosa");
        string path = _temp.Write("text-in-numeric.csv", string.Join('\n', lines) + "\n");

        var run = await Classify(path, "species", "--trainers", "linear", "--max-trials", "2");

        run.AssertSucceeded();
        string warning = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains("abc", StringComparison.Ordinal));
        Assert.Contains("row 42", warning, StringComparison.Ordinal);
        Assert.Contains("sepal_width", warning, StringComparison.Ordinal);
        Assert.Contains("text-in-numeric.csv", warning, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(OutputFolder, "model.zip")));
    }

    [Fact]
    public async Task SingleClass_SaysClassificationNeedsTwoClasses_ExitsOne()
    {
        var lines = File.ReadLines(Iris).Take(1).Concat(File.ReadLines(Iris).Where(l => l.EndsWith(",setosa", StringComparison.Ordinal)));
        string path = _temp.Write("one-class.csv", string.Join('\n', lines) + "\n");

        var run = await Classify(path, "species");

        run.AssertFailed(DataError, "one-class.csv", "species", "class");
        AssertNoModel();
    }

    [Fact]
    public async Task NaNAndInfiniteFeatures_AreReadAsMissing_AndTheRunSucceeds()
    {
        var lines = File.ReadAllLines(Iris).ToList();
        lines.Insert(5, "NaN,3.0,Infinity,0.2,setosa");
        lines.Insert(60, "5.9,-Infinity,4.2,NaN,versicolor");
        lines.Insert(120, "6.3,1e999,,2.0,virginica");
        string path = _temp.Write("non-finite.csv", string.Join('\n', lines) + "\n");

        var run = await Classify(path, "species", "--trainers", "linear", "--max-trials", "2");

        run.AssertSucceeded();
        Assert.Contains("infinite", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(OutputFolder, "model.zip")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task NonPositiveTrainTime_IsAUsageError(string seconds)
    {
        var run = await CliRun.RunAsync("classification", "--dataset", Iris, "--label-col", "species", "--train-time", seconds, "--output", OutputFolder);

        run.AssertFailed(UsageError, "--train-time", seconds);
        AssertNoModel();
    }

    [Fact]
    public async Task UnknownTuner_IsAUsageError_ListingTheTuners()
    {
        var run = await Classify(Iris, "species", "--tuner", "nosuch");

        run.AssertFailed(UsageError, "--tuner", "nosuch", "random");
        AssertNoModel();
    }

    [Fact]
    public async Task UnknownPruner_IsAUsageError_ListingThePruners()
    {
        var run = await Classify(Iris, "species", "--pruner", "bohb");

        run.AssertFailed(UsageError, "--pruner", "bohb", "hyperband");
        AssertNoModel();
    }

    [Fact]
    public async Task UnknownTrainer_IsAUsageError_ListingTheTrainers()
    {
        var run = await Classify(Iris, "species", "--trainers", "linear,bogus");

        run.AssertFailed(UsageError, "--trainers", "bogus", "lightgbm");
        AssertNoModel();
    }

    [Fact]
    public async Task OutputIsAnExistingFile_IsAUsageError_NamingIt()
    {
        string file = _temp.Write("taken", "not a folder");

        var run = await CliRun.RunAsync("classification", "--dataset", Iris, "--label-col", "species", "--output", file);

        run.AssertFailed(UsageError, file, "folder");
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public async Task OutputUnderAFile_IsAUsageError_NamingTheFolder()
    {
        string folder = Path.Combine(_temp.Write("taken", "not a folder"), "out");

        var run = await CliRun.RunAsync("classification", "--dataset", Iris, "--label-col", "species", "--output", folder);

        run.AssertFailed(UsageError, folder, "--output");
    }

    [Fact]
    public async Task OutputUnderProc_IsAUsageError_NamingTheFolder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc exists on Linux only
        }

        const string folder = "/proc/mlnet-nas-test-output";

        var run = await CliRun.RunAsync("classification", "--dataset", Iris, "--label-col", "species", "--output", folder);

        run.AssertFailed(UsageError, folder, "--output");
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task PredictWithACsvAsTheModel_SaysItIsNotAModel_ExitsOne()
    {
        string predictions = Path.Combine(_temp.Root, "predictions.csv");

        var run = await CliRun.RunAsync("predict", "--model", Iris, "--dataset", Iris, "--output", predictions);

        run.AssertFailed(DataError, "iris.csv", "model");
        Assert.Empty(Directory.GetFiles(_temp.Root));
    }

    [Fact]
    public async Task PredictWithAMissingModel_NamesTheModelFile_ExitsOne()
    {
        string model = Path.Combine(_temp.Root, "no-model.zip");

        var run = await CliRun.RunAsync("predict", "--model", model, "--dataset", Iris, "--output", Path.Combine(_temp.Root, "p.csv"));

        run.AssertFailed(DataError, model, "model", "not found");
        Assert.Empty(Directory.GetFiles(_temp.Root));
    }

    [Fact]
    public async Task PredictWithAMissingDataset_NamesTheDataFile_ExitsOne()
    {
        string model = _temp.Write("model.zip", "placeholder: the data file is checked before the model is opened");
        string data = Path.Combine(_temp.Root, "no-data.csv");

        var run = await CliRun.RunAsync("predict", "--model", model, "--dataset", data, "--output", Path.Combine(_temp.Root, "p.csv"));

        run.AssertFailed(DataError, data, "dataset", "not found");
        Assert.False(File.Exists(Path.Combine(_temp.Root, "p.csv")));
    }

    [Fact]
    public async Task ConstantRegressionLabel_IsRefusedBeforeTheSearch()
    {
        string path = _temp.Write("constant.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},5\n")));

        var run = await CliRun.RunAsync("regression", "--dataset", path, "--label-col", "y", "--train-time", "30", "--output", OutputFolder);

        run.AssertFailed(DataError, "constant.csv", "'y' is constant");
        Assert.DoesNotContain("trial", run.Out, StringComparison.Ordinal);
        AssertNoModel();
    }

    [Fact]
    public async Task TestFileWithoutATrainingColumn_IsRefusedBeforeTheSearch()
    {
        string test = _temp.Write("test.csv", "sepal_width,petal_length,petal_width,species\n3.5,1.4,0.2,setosa\n");

        var run = await Classify(Iris, "species", "--test-dataset", test);

        run.AssertFailed(DataError, "test.csv", "has no column 'sepal_length'");
        Assert.DoesNotContain("trial", run.Out, StringComparison.Ordinal);
        AssertNoModel();
    }

    [Fact]
    public async Task MissingRequiredOption_IsAUsageError()
    {
        var run = await CliRun.RunAsync("classification", "--dataset", Iris, "--output", OutputFolder);

        Assert.Equal(UsageError, run.ExitCode);
        run.AssertNoStackTrace();
        Assert.Contains(run.ErrorLines, l => l.Contains("--label-col", StringComparison.Ordinal));
        AssertNoModel();
    }

    // Runs that must succeed end after their --max-trials: a budget that never binds, since on a loaded CI machine a 3 s
    // budget left a linear trial 0.6 s once (the time the command spends reading the file comes off it).
    private Task<CliRun> Classify(string dataset, string label, params string[] extra) =>
        CliRun.RunAsync(["classification", "--dataset", dataset, "--label-col", label, "--train-time", extra.Contains("--max-trials") ? "120" : "3", "--seed", "1", "--output", OutputFolder, .. extra]);

    private void AssertNoModel() => Assert.False(File.Exists(Path.Combine(OutputFolder, "model.zip")), $"{OutputFolder} holds a model.zip after a failed run");
}
