using MlNetNas.Experiment;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Experiment.Storage;

using MlNetNas.SearchSpace;

/// <summary>
/// What a shared study needs of its store, on SQLite and on PostgreSQL alike: every field round-trips, concurrent claims
/// hand out each trial once, and a trial whose process died is taken over.
/// </summary>
public sealed class SharedStudyStoreTests : IDisposable
{
    private static readonly NasTask Accuracy = NasTask.MulticlassClassification("species");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Sqlite_ClaimsFromManyThreads_HandOutEveryTrialOnce() => ClaimsHandOutEveryTrialOnce(Sqlite());

    [PostgresFact]
    public void Postgres_ClaimsFromManyThreads_HandOutEveryTrialOnce() => ClaimsHandOutEveryTrialOnce(Postgres());

    [Fact]
    public void Sqlite_ATrialOfADeadProcess_IsTakenOverWithItsParameters() => DeadProcessTrialIsTakenOver(Sqlite());

    [PostgresFact]
    public void Postgres_ATrialOfADeadProcess_IsTakenOverWithItsParameters() => DeadProcessTrialIsTakenOver(Postgres());

    [PostgresFact]
    public void Postgres_StoresEveryFieldOfATrial_NaNIncluded()
    {
        var store = Postgres();
        string study = Study();
        var run = store.StartRun(study, Accuracy, new RunSpec("{\"command\":[\"classification\"]}", "train iris.csv 10 bytes", 3, 120, 2));
        var curve = new LearningCurve([0.9, 0.5, 0.25]);
        var trials = new[]
        {
            new TrialResult(1, "nas", Point(1), TrialStatus.Completed, 0.9666666666666667, TimeSpan.FromTicks(12_345_678_901), null, "64-gelu", 17)
            {
                SupernetAccuracy = 0.5, PeakMemoryBytes = 612_345_678, FinishedAt = TimeSpan.FromTicks(123_456_789), LearningCurve = curve,
            },
            new TrialResult(2, "linear", Point(2), TrialStatus.Completed, double.NaN, TimeSpan.Zero),
            new TrialResult(3, "lightgbm", Point(3), TrialStatus.Failed, null, TimeSpan.FromSeconds(0.25), "it broke,\nover two lines"),
        };
        foreach (var trial in trials)
        {
            store.Append(run, trial);
        }

        Assert.Equal(trials, store.Load(study, Accuracy));
        var last = store.LastRun(study)!;
        Assert.Equal((3, 3, 120.0, 2), (last.FinishedTrials, last.Spec.Seed, last.Spec.BudgetSeconds, last.Spec.ParallelTrials));
    }

    [PostgresFact]
    public void Postgres_WrongPassword_IsAnIOExceptionWithoutThePassword()
    {
        var uri = new Uri(PostgresFactAttribute.Url!);
        string wrong = $"postgres://{uri.UserInfo.Split(':')[0]}:not-the-password@{uri.Host}:{uri.Port}{uri.AbsolutePath}";

        var error = Assert.Throws<IOException>(() => new PostgresTrialStore(wrong));

        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_UnreachableHost_IsAnIOExceptionNamingIt()
    {
        var error = Assert.Throws<IOException>(() => new PostgresTrialStore("postgres://nas:secret@127.0.0.1:1/nas"));

        Assert.Contains("127.0.0.1:1/nas", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    private static void ClaimsHandOutEveryTrialOnce(ITrialStore store)
    {
        var run = store.StartRun(Study(), Accuracy);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<int>();

        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, _ =>
        {
            while (store.Claim(run, id => Point(id), maxTrials: 30) is { } claim)
            {
                claimed.Add(claim.TrialId);
                store.Append(run, new TrialResult(claim.TrialId, "linear", claim.Parameter, TrialStatus.Completed, 0.5, TimeSpan.Zero));
            }
        });

        Assert.Equal(Enumerable.Range(1, 30), claimed.Order());
        Assert.Equal(Enumerable.Range(1, 30), store.Finished(run).Select(t => t.TrialId));
    }

    private static void DeadProcessTrialIsTakenOver(ITrialStore store)
    {
        var run = store.StartRun(Study(), Accuracy);
        var first = store.Claim(run, id => Point(id), maxTrials: 10)!;
        // As if another process had claimed trial 2 and died: its owner names a process of this host that does not exist.
        var second = store.Claim(run, id => Point(id), maxTrials: 10)!;
        store.MarkRunning(run, second.TrialId, "linear", second.Parameter);
        ForgeDeadWorker(store, run, second.TrialId);

        var taken = store.Claim(run, id => Point(100 + id), maxTrials: 10)!;

        Assert.Equal((1, false), (first.TrialId, first.Requeued));
        Assert.Equal((2, true), (taken.TrialId, taken.Requeued));
        Assert.Equal(second.Parameter.ToJson(), taken.Parameter.ToJson());
        Assert.Equal(3, store.Claim(run, id => Point(id), maxTrials: 10)!.TrialId);
    }

    // A pid far beyond pid_max is no live process.
    private static void ForgeDeadWorker(ITrialStore store, StudyRun run, int trialId)
    {
        const string Dead = "'{0}:2147483000:1'";
        string sql = $"UPDATE trials SET worker = {string.Format(System.Globalization.CultureInfo.InvariantCulture, Dead, Environment.MachineName)} WHERE run_id = {run.RunId} AND trial_id = {trialId}";
        if (store is SqliteTrialStore sqlite)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlite.FilePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        else
        {
            using var connection = new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString());
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }

    private ITrialStore Sqlite() => new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));

    private static ITrialStore Postgres() => new PostgresTrialStore(PostgresFactAttribute.Url!);

    // Tests share the server's tables: each works in a study of its own.
    private static string Study() => "test-" + Guid.NewGuid().ToString("N");

    private static Parameter Point(int id) =>
        Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromString("linear")), KeyValuePair.Create("x", Parameter.FromInt(id))]))]);
}
