using MlNetNas.Experiment;
using MlNetNas.Experiment.Storage;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Experiment.Storage;

public sealed class TrialStoresTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Open_Memory_IsAnEmptyStoreThatWorksLikeAFile_AndLeavesNothingBehind()
    {
        var store = (TemporaryTrialStore)TrialStores.Open("memory:");
        var task = NasTask.MulticlassClassification("species");
        var run = store.StartRun("s", task);
        var point = MlNetNas.SearchSpace.Parameter.FromObject([KeyValuePair.Create("trainer", MlNetNas.SearchSpace.Parameter.FromObject([KeyValuePair.Create("trainer", MlNetNas.SearchSpace.Parameter.FromString("linear"))]))]);
        store.Append(run, new TrialResult(1, "linear", point, MlNetNas.Search.TrialStatus.Completed, 0.9, TimeSpan.FromSeconds(1)));

        Assert.Equal(1, Assert.Single(store.ListStudies()).Trials);
        Assert.Empty(((ITrialStore)TrialStores.Open("memory:")).ListStudies()); // each is new
        store.Dispose();
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public void Open_UnknownScheme_IsRefusedListingWhatIsSupported()
    {
        var error = Assert.Throws<ArgumentException>(() => TrialStores.Open("mysql://localhost/nas"));

        Assert.Contains("Unknown storage scheme 'mysql'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite:PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PathWithoutScheme_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => TrialStores.Open(Path.Combine(temp.Root, "runs.db")));

        Assert.Contains("names no scheme", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Root));
    }

    [Theory]
    [InlineData("sqlite:")]
    [InlineData("sqlite://server/runs.db")]
    public void Open_SqliteWithoutAFilePath_IsRefused(string storage)
    {
        Assert.Throws<ArgumentException>(() => TrialStores.Open(storage));
    }

    [Fact]
    public void Open_PlainAndSqlAlchemySpelling_OpenTheSameFile()
    {
        string path = Path.Combine(temp.Root, "runs.db");

        var plain = Assert.IsType<SqliteTrialStore>(TrialStores.Open("sqlite:" + path));
        var alchemy = Assert.IsType<SqliteTrialStore>(TrialStores.OpenExisting("sqlite:///" + path));

        Assert.Equal(path, plain.FilePath);
        Assert.Equal(path, alchemy.FilePath);
    }

    [Fact]
    public void OpenExisting_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => TrialStores.OpenExisting("sqlite:" + Path.Combine(temp.Root, "none.db")));
    }

    [Theory]
    [InlineData("sqlite:runs.db", true)]
    [InlineData("SQLite:runs.db#iris", true)]
    [InlineData("postgresql://host/db", true)]
    [InlineData("old/trials.csv", false)]
    [InlineData("trials.csv", false)]
    [InlineData(@"C:\runs\trials.csv", false)]
    public void HasScheme_TellsStorageStringsFromPaths(string value, bool expected)
    {
        Assert.Equal(expected, TrialStores.HasScheme(value));
    }
}
