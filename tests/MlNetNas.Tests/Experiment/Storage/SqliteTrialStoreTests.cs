using MlNetNas.Experiment;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;
using MlNetNas.Trainers;

namespace MlNetNas.Tests.Experiment.Storage;

using MlNetNas.SearchSpace;

public sealed class SqliteTrialStoreTests : IDisposable
{
    private static readonly NasTask Accuracy = NasTask.MulticlassClassification("species");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Load_AfterAppend_ReturnsEveryFieldOfEveryTrial()
    {
        var trials = new[]
        {
            new TrialResult(1, "nas", Point(("width", Parameter.FromInt(64)), ("lr", Parameter.FromDouble(0.1 + 0.2)), ("act", Parameter.FromString("gelu \"quoted\""))),
                TrialStatus.Completed, 0.9666666666666667, TimeSpan.FromTicks(12_345_678_901), null, "64-gelu-32, dropout 0.1", 17),
            new TrialResult(2, "nas", Point(("width", Parameter.FromInt(16)), ("bn", Parameter.FromBool(true))),
                TrialStatus.Pruned, 1.0 / 3, TimeSpan.FromTicks(7), null, "16-relu", 2),
            new TrialResult(3, "lightgbm", Point(("leaves", Parameter.FromInt(31))),
                TrialStatus.Failed, null, TimeSpan.FromSeconds(0.25), "InvalidOperationException: it broke,\nover two lines"),
            new TrialResult(4, "linear", Point(("l2", Parameter.FromDouble(1e-300))),
                TrialStatus.Completed, double.NaN, TimeSpan.Zero),
            new TrialResult(5, "darts", Point(("cell", Parameter.FromString("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|"))),
                TrialStatus.Completed, null, TimeSpan.FromSeconds(60)) { SupernetAccuracy = 0.8125, PeakMemoryBytes = 612_345_678 },
        };
        var store = new SqliteTrialStore(InTemp("runs.db"));
        var run = store.StartRun("iris", Accuracy);

        foreach (var trial in trials)
        {
            store.Append(run, trial);
        }

        Assert.Equal(trials, new SqliteTrialStore(InTemp("runs.db")).Load("iris", Accuracy));
    }

    [Fact]
    public void Load_StudyWithTwoRuns_ReturnsBothRunsInOrder_AndNoOtherStudy()
    {
        var store = new SqliteTrialStore(InTemp("runs.db"));
        var first = store.StartRun("iris", Accuracy);
        var other = store.StartRun("digits", Accuracy);
        store.Append(first, Trial(1, 0.5));
        store.Append(other, Trial(1, 0.1));
        store.Append(first, Trial(2, 0.6));
        var second = new SqliteTrialStore(InTemp("runs.db")).StartRun("iris", Accuracy);
        store.Append(second, Trial(1, 0.7));

        var loaded = store.Load("iris", Accuracy);

        Assert.True(second.RunId > first.RunId);
        Assert.Equal([(1, 0.5), (2, 0.6), (1, 0.7)], loaded.Select(t => (t.TrialId, t.Metric!.Value)));
        Assert.Equal(
            [new StudyInfo("digits", NasTaskKind.MulticlassClassification, NasMetric.Accuracy, 1, 1), new StudyInfo("iris", NasTaskKind.MulticlassClassification, NasMetric.Accuracy, 2, 3)],
            store.ListStudies());
    }

    [Fact]
    public void Append_FromStoresOnTwoThreads_KeepsEveryTrialOfBoth()
    {
        string path = InTemp("runs.db");
        _ = new SqliteTrialStore(path);

        Parallel.For(0, 2, worker =>
        {
            var store = new SqliteTrialStore(path);
            var run = store.StartRun($"study-{worker}", Accuracy);
            for (int i = 1; i <= 40; i++)
            {
                store.Append(run, Trial(i, i / 100.0));
            }
        });

        var loaded = new SqliteTrialStore(path);
        Assert.Equal(Enumerable.Range(1, 40), loaded.Load("study-0", Accuracy).Select(t => t.TrialId));
        Assert.Equal(Enumerable.Range(1, 40), loaded.Load("study-1", Accuracy).Select(t => t.TrialId));
    }

    [Fact]
    public void Load_StudyOfAnotherMetric_IsRefusedNamingBothMetrics()
    {
        var store = new SqliteTrialStore(InTemp("runs.db"));
        store.Append(store.StartRun("iris", Accuracy), Trial(1, 0.9));

        var error = Assert.Throws<InvalidDataException>(() => store.Load("iris", NasTask.MulticlassClassification("species", NasMetric.LogLoss)));

        Assert.Contains("'iris'", error.Message, StringComparison.Ordinal);
        Assert.Contains("scored by Accuracy", error.Message, StringComparison.Ordinal);
        Assert.Contains("optimizing LogLoss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartRun_StudyOfAnotherTaskKind_IsRefused()
    {
        var store = new SqliteTrialStore(InTemp("runs.db"));
        store.StartRun("iris", Accuracy);

        var error = Assert.Throws<InvalidOperationException>(() => store.StartRun("iris", NasTask.BinaryClassification("label", NasMetric.Accuracy)));

        Assert.Contains("MulticlassClassification", error.Message, StringComparison.Ordinal);
        Assert.Contains("BinaryClassification", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(store.ListStudies()).Runs);
    }

    [Fact]
    public void Load_UnknownStudy_ListsTheStudiesOfTheStore()
    {
        var store = new SqliteTrialStore(InTemp("runs.db"));
        store.Append(store.StartRun("iris", Accuracy), Trial(1, 0.9));

        var error = Assert.Throws<ArgumentException>(() => store.Load("irsi", Accuracy));

        Assert.Contains("no study 'irsi'", error.Message, StringComparison.Ordinal);
        Assert.Contains("iris (MulticlassClassification, Accuracy, 1 runs, 1 trials)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenExisting_MissingFile_ThrowsAndCreatesNothing()
    {
        string path = InTemp("missing.db");

        var error = Assert.Throws<FileNotFoundException>(() => SqliteTrialStore.OpenExisting(path));

        Assert.Contains("missing.db", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Open_FileThatIsNotSqlite_SaysSo()
    {
        string path = temp.Write("trials.csv", "trial,trainer,status,accuracy,seconds,epochs,architecture,parameters,error\n");

        var error = Assert.Throws<InvalidDataException>(() => new SqliteTrialStore(path));

        Assert.Contains("'" + path + "' is not a SQLite trial store", error.Message, StringComparison.Ordinal);
    }

    private string InTemp(string name) => Path.Combine(temp.Root, name);

    private static Parameter Point(params (string Key, Parameter Value)[] values) =>
        Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromObject(values.Select(v => KeyValuePair.Create(v.Key, v.Value))))]);

    [Fact]
    public void SchemaOneFile_GainsTheNewColumns_AndKeepsItsTrials()
    {
        string path = InTemp("old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE studies (study_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, task_kind TEXT NOT NULL, metric TEXT NOT NULL, created_utc TEXT NOT NULL);
                CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, study_id INTEGER NOT NULL, started_utc TEXT NOT NULL);
                CREATE TABLE trials (run_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, trainer TEXT NOT NULL, status TEXT NOT NULL, metric REAL,
                    seconds REAL NOT NULL, epochs INTEGER, architecture TEXT, parameter TEXT NOT NULL, error TEXT, finished_utc TEXT NOT NULL, PRIMARY KEY (run_id, trial_id));
                INSERT INTO studies VALUES (1, 'iris', 'MulticlassClassification', 'Accuracy', '2026-01-01');
                INSERT INTO runs VALUES (1, 1, '2026-01-01');
                INSERT INTO trials VALUES (1, 1, 'linear', 'completed', 0.9, 1.0, NULL, NULL, '{"l2":0.9}', NULL, '2026-01-01');
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var store = new SqliteTrialStore(path);
        var curve = new LearningCurve([0.9, 0.5, 0.1 / 3]);
        store.Append(store.StartRun("iris", Accuracy), Trial(1, 0.95) with { PeakMemoryBytes = 1 << 20, FinishedAt = TimeSpan.FromTicks(123_456_789), LearningCurve = curve });

        var loaded = new SqliteTrialStore(path).Load("iris", Accuracy);
        Assert.Equal([0.9, 0.95], loaded.Select(t => t.Metric!.Value));
        Assert.Equal([null, 1L << 20], loaded.Select(t => t.PeakMemoryBytes));
        Assert.Equal([null, TimeSpan.FromTicks(123_456_789)], loaded.Select(t => t.FinishedAt));
        Assert.Equal([null, curve], loaded.Select(t => t.LearningCurve));
    }

    private static TrialResult Trial(int id, double metric) =>
        new(id, "linear", Point(("l2", Parameter.FromDouble(metric))), TrialStatus.Completed, metric, TimeSpan.FromSeconds(1));
}
