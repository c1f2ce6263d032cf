using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Experiment.Storage;

/// <summary>A shared study's run with workers: every trial runs once, and the workers' tuners learn from one another.</summary>
[Collection(TorchCollection.Name)]
public sealed class SharedStudyExperimentTests : IDisposable
{
    private static readonly NasTask Task = NasTask.MulticlassClassification("species");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Sqlite_ARunAndTwoWorkers_RunEveryTrialOnce() => await RunAndTwoWorkers(new SqliteTrialStore(Path.Combine(temp.Root, "runs.db")));

    [PostgresFact]
    public async Task Postgres_ARunAndTwoWorkers_RunEveryTrialOnce() => await RunAndTwoWorkers(new PostgresTrialStore(PostgresFactAttribute.Url!));

    [Fact]
    public async Task Worker_WithoutARunToJoin_WaitsForItUntilCancelled()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        store.StartRun("other", Task);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Iris().SetStorage(store, "missing").RunWorkerAsync(stop.Token));
    }

    [Fact]
    public async Task SharedRun_Alone_RunsTheTrialsOfAnUnsharedOne()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        var alone = await Iris().SetMaxTrials(6).RunAsync();

        var shared = await Iris().SetMaxTrials(6).SetStorage(store, "s", shared: true).RunAsync();

        Assert.Equal(alone.Trials.Select(t => (t.TrialId, t.Parameter.ToJson(), t.Metric)), shared.Trials.Select(t => (t.TrialId, t.Parameter.ToJson(), t.Metric)));
    }

    private static async Task RunAndTwoWorkers(ITrialStore store)
    {
        string study = "shared-" + Guid.NewGuid().ToString("N");
        var main = Iris().SetMaxTrials(10).SetStorage(store, study, shared: true).RunAsync();
        var workers = Enumerable.Range(0, 2).Select(_ => Iris().SetMaxTrials(10).SetStorage(store, study).RunWorkerAsync()).ToArray();

        var result = await main;
        var reports = await System.Threading.Tasks.Task.WhenAll(workers);

        var stored = store.Load(study, Task);
        Assert.Equal(Enumerable.Range(1, 10), stored.Where(t => t.Trainer != "nas-ensemble").Select(t => t.TrialId));
        Assert.All(stored, t => Assert.True(t.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned, $"trial {t.TrialId}: {t.Status}"));
        Assert.InRange(reports.Sum(r => r.TrialsRun), 0, 10);
        Assert.All(reports, r => Assert.Equal(0, r.TrialsRequeued)); // the workers ran beside each other: nothing was taken over
        Assert.NotNull(result.BestModel);
    }

    private static NasExperiment Iris() => IrisExperiment.Reproducible();
}
