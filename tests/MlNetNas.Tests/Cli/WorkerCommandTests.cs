using MlNetNas.Experiment;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;
using MlNetNas.Tests.Experiment.Storage;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary><c>mlnet-nas worker</c>: processes that work on one shared study; one killed mid-trial loses nothing.</summary>
[Collection(TorchCollection.Name)]
public sealed class WorkerCommandTests : IDisposable
{
    private static readonly string Iris = TestData.Path("tabular", "iris.csv");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task SqliteStudy_ARunAndAWorkerProcess_EveryTrialOnce_AndTheRunWritesTheModel()
    {
        string storage = "sqlite:" + Path.Combine(temp.Root, "s.db");
        string output = Path.Combine(temp.Root, "out");
        using var main = CliProcess.Start(Search(storage, "k", output, trials: 8, "--shared"));
        var worker = await CliRun.RunAsync("worker", "--storage", storage, "--study", "k");

        worker.AssertSucceeded();
        Assert.Equal(0, await main.WaitForExit(TimeSpan.FromMinutes(3)));
        Assert.Contains("worker: ", worker.Out, StringComparison.Ordinal);
        var trials = new SqliteTrialStore(Path.Combine(temp.Root, "s.db")).Load("k", NasTask.MulticlassClassification("species"));
        Assert.Equal(Enumerable.Range(1, 8), trials.Where(t => t.Trainer != "nas-ensemble").Select(t => t.TrialId));
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
    }

    [PostgresFact]
    public async Task PostgresStudy_ThreeWorkers_OneKilledMidTrial_EveryTrialEndsOnceAndNoneIsLost()
    {
        string storage = PostgresFactAttribute.Url!;
        string study = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var store = new PostgresTrialStore(storage);
        using var main = CliProcess.Start(Search(storage, study, Path.Combine(temp.Root, "out"), trials: 14));
        var workers = Enumerable.Range(0, 3).Select(_ => CliProcess.Start("worker", "--storage", storage, "--study", study)).ToArray();
        try
        {
            var victim = workers[0];
            bool running = await victim.WaitUntil(() => RunningIn(store, study, victim.Id), TimeSpan.FromMinutes(2));
            Assert.True(running, $"the first worker never ran a trial: {victim.Tail}");
            victim.KillNine();
            foreach (var worker in workers.Skip(1))
            {
                int? code = await worker.WaitForExit(TimeSpan.FromMinutes(3));
                Assert.True(code == 0, $"a worker ended with {code}: {worker.Tail}");
            }

            int? mainCode = await main.WaitForExit(TimeSpan.FromMinutes(3));
            Assert.True(mainCode == 0, $"the run ended with {mainCode}: {main.Tail}");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        var trials = store.Load(study, NasTask.MulticlassClassification("species")).Where(t => t.Trainer != "nas-ensemble").ToArray();
        Assert.Equal(Enumerable.Range(1, 14), trials.Select(t => t.TrialId));
        Assert.All(trials, t => Assert.True(t.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned, $"trial {t.TrialId}: {t.Status}"));
        Assert.Equal(14, store.LastRun(study)!.FinishedTrials);
    }

    private static bool RunningIn(ITrialStore store, string study, int pid)
    {
        try
        {
            // The store's own view: a running row of that process (its worker column is host:pid:start).
            var run = store.LastRun(study);
            return run is not null && RunningWorkers(run).Any(w => w.Split(':') is [_, var p, _] && p == pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (ArgumentException)
        {
            return false; // no study yet
        }
    }

    private static IEnumerable<string> RunningWorkers(StoredRunInfo run)
    {
        using var connection = new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString());
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"SELECT worker FROM trials WHERE run_id = {run.Run.RunId} AND status = 'running'", connection);
        using var reader = command.ExecuteReader();
        var workers = new List<string>();
        while (reader.Read())
        {
            workers.Add(reader.GetString(0));
        }

        return workers;
    }

    private static string[] Search(string storage, string study, string output, int trials, params string[] extra) =>
        ["classification", "--dataset", Iris, "--label-col", "species", "--trainers", "linear,nas,lightgbm", "--max-trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--train-time", "300", "--seed", "1", "--device", "cpu", "--storage", storage, "--study", study, "--output", output, .. extra];
}
