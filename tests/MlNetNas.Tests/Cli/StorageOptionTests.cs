using MlNetNas.Experiment;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

using MlNetNas.SearchSpace;

/// <summary>
/// <c>--storage</c>, <c>--study</c> and a sqlite <c>--warm-start</c>: runs append to a study that the next run warms
/// up from, and every wrong store, study or metric is a usage error (exit code 2) that says what to do.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StorageOptionTests : IDisposable
{
    private const int UsageError = 2;
    private static readonly string Iris = TestData.Path("tabular", "iris.csv");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Database => Path.Combine(_temp.Root, "runs.db");

    private string Storage => "sqlite:" + Database;

    [Fact]
    public async Task StorageThenWarmStartFromIt_SeedsTheSecondRun_AndTheStudyKeepsBothRuns()
    {
        var first = await Classify("--storage", Storage);
        var second = await Classify("--storage", Storage, "--warm-start", Storage);

        first.AssertSucceeded();
        second.AssertSucceeded();
        Assert.Contains("storage: every trial goes to study 'iris-classification-accuracy'", first.Out, StringComparison.Ordinal);
        Assert.Contains("warm start: 2 trials from study 'iris-classification-accuracy'", second.Out, StringComparison.Ordinal);
        var study = Assert.Single(new SqliteTrialStore(Database).ListStudies());
        Assert.Equal(("iris-classification-accuracy", 2, 4), (study.Name, study.Runs, study.Trials));
    }

    [Fact]
    public async Task WarmStartFromAStudyAfterHash_ReadsThatStudy()
    {
        (await Classify("--storage", Storage, "--study", "first")).AssertSucceeded();

        var run = await Classify("--warm-start", Storage + "#first");

        run.AssertSucceeded();
        Assert.Contains("warm start: 2 trials from study 'first'", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmStartFromAMissingStore_IsAUsageError_NamingItAndHowToWriteIt()
    {
        var run = await Classify("--warm-start", Storage);

        run.AssertFailed(UsageError, "--warm-start", Database, "does not exist", "--storage");
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task WarmStartFromAStudyThatIsNotThere_IsAUsageError_ListingTheStudies()
    {
        SeedStudy("iris-classification-accuracy", NasMetric.Accuracy);

        var run = await Classify("--warm-start", Storage + "#irsi");

        run.AssertFailed(UsageError, "--warm-start", "no study 'irsi'", "iris-classification-accuracy (MulticlassClassification, Accuracy, 1 runs, 1 trials)", "--study NAME");
        Assert.DoesNotContain("Parameter '", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmStartFromAStudyOfAnotherMetric_IsAUsageError_NamingBothMetrics()
    {
        SeedStudy("old", NasMetric.Accuracy);

        var run = await Classify("--warm-start", Storage, "--study", "old", "--metric", "log-loss");

        run.AssertFailed(UsageError, "--warm-start", "'old'", "scored by Accuracy", "optimizing LogLoss");
    }

    [Fact]
    public async Task StorageStudyOfAnotherMetric_IsAUsageError_BeforeAnyTrial()
    {
        SeedStudy("shared", NasMetric.Accuracy);

        var run = await Classify("--storage", Storage, "--study", "shared", "--metric", "macro-accuracy");

        run.AssertFailed(UsageError, "--storage", "'shared'", "Accuracy", "MacroAccuracy", "--study");
        Assert.Equal(1, Assert.Single(new SqliteTrialStore(Database).ListStudies()).Runs);
    }

    [Theory]
    [InlineData("mysql://localhost/nas", "Unknown storage scheme 'mysql'")]
    [InlineData("runs.db", "names no scheme")]
    public async Task StorageThatIsNotSqlite_IsAUsageError_SayingWhatIsSupported(string storage, string reason)
    {
        var run = await Classify("--storage", storage);

        run.AssertFailed(UsageError, "--storage", reason, "sqlite:PATH");
    }

    [Fact]
    public async Task WarmStartFromAMissingTrialsCsv_IsAUsageError_NamingTheFile()
    {
        string missing = Path.Combine(_temp.Root, "old", "trials.csv");

        var run = await Classify("--warm-start", missing);

        run.AssertFailed(UsageError, "--warm-start", missing, "not found");
    }

    [Fact]
    public async Task StudyWithoutAStore_NamesTheStudyOfTheOutputFoldersStore()
    {
        var run = await Classify("--study", "mine");

        run.AssertSucceeded();
        var study = Assert.Single(new SqliteTrialStore(Path.Combine(_temp.Root, "out", "study.db")).ListStudies());
        Assert.Equal(("mine", 2), (study.Name, study.Trials));
    }

    [Fact]
    public async Task EveryRun_IsStoredInItsOutputFolder_ToBeResumed()
    {
        var run = await Classify();

        run.AssertSucceeded();
        Assert.Contains("mlnet-nas resume", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, new SqliteTrialStore(Path.Combine(_temp.Root, "out", "study.db")).Load("iris-classification-accuracy", NasTask.MulticlassClassification("species")).Count);
    }

    private Task<CliRun> Classify(params string[] extra) => CliRun.RunAsync([
        "classification", "--dataset", Iris, "--label-col", "species", "--trainers", "linear", "--max-trials", "2", "--train-time", "30",
        "--seed", "1", "--output", Path.Combine(_temp.Root, "out"), .. extra]);

    private void SeedStudy(string name, NasMetric metric)
    {
        var store = new SqliteTrialStore(Database);
        var point = Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromString("linear"))]))]);
        store.Append(store.StartRun(name, NasTask.MulticlassClassification("species", metric)), new TrialResult(1, "linear", point, TrialStatus.Completed, 0.9, TimeSpan.FromSeconds(1)));
    }
}
