using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Experiment.Storage;

using MlNetNas.SearchSpace;

[Collection(TorchCollection.Name)]
public sealed class NasExperimentResumeTests : IDisposable
{
    private static readonly NasTask Task = NasTask.MulticlassClassification("species");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Resume_OfARunStoppedAfterThreeTrials_EndsWithTheTrialsOfARunThatNeverStopped()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        var whole = await Iris().SetMaxTrials(7).SetStorage(store, "whole").RunAsync();

        // Stopped after trial 3 (a crash mid-trial is the CLI tests' kill -9).
        using var stop = new CancellationTokenSource();
        await Iris().SetMaxTrials(7).SetStorage(store, "stopped").SetMonitor(new CancelWhenTrialEnds(3, stop)).RunAsync(stop.Token);
        Assert.Equal(3, store.Load("stopped", Task).Count);

        var resumed = await Iris().SetMaxTrials(7).SetStorage(store, "stopped", resume: true).RunAsync();

        Assert.Equal(Leaderboard(whole.Trials), Leaderboard(resumed.Trials));
        Assert.Equal(Leaderboard(whole.Trials), Leaderboard(store.Load("stopped", Task)));
        Assert.Equal(whole.BestTrial.TrialId, resumed.BestTrial.TrialId);
        Assert.Equal(new ResumeSummary(3, 0, 0, resumed.Resume!.Spent, resumed.Resume.RetrainedBest), resumed.Resume);
        Assert.Equal(1, Assert.Single(store.ListStudies(), s => s.Name == "stopped").Runs); // continued, not a second run
    }

    [Fact]
    public async Task Resume_CountsTheTimeTheStoppedRunSpent()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        using var stop = new CancellationTokenSource();
        await Iris().SetMaxTrials(4).SetTrainingTimeInSeconds(600).SetStorage(store, "s").SetMonitor(new CancelWhenTrialEnds(2, stop)).RunAsync(stop.Token);
        var run = store.LastRun("s")!;
        store.Heartbeat(run.Run, TimeSpan.FromSeconds(590)); // as if the stopped run had spent most of its budget

        var resumed = await Iris().SetMaxTrials(4).SetTrainingTimeInSeconds(600).SetStorage(store, "s", resume: true).RunAsync();

        Assert.True(resumed.Resume!.Spent >= TimeSpan.FromSeconds(590));
        Assert.All(resumed.Trials.Skip(2), t => Assert.True(t.FinishedAt >= TimeSpan.FromSeconds(590), $"trial {t.TrialId} finished at {t.FinishedAt}"));
    }

    [Fact]
    public async Task Resume_WithAnotherSeedOrOtherData_IsRefused()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        await Iris().SetMaxTrials(2).SetStorage(store, "s", dataFingerprint: "iris.csv 4551 abc").RunAsync();

        var otherData = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Iris().SetMaxTrials(3).SetStorage(store, "s", resume: true, dataFingerprint: "iris.csv 4552 abd").RunAsync());
        var otherSeed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Iris(seed: 2).SetMaxTrials(3).SetStorage(store, "s", resume: true).RunAsync());

        Assert.Contains("data differ", otherData.Message, StringComparison.Ordinal);
        Assert.Contains("4551", otherData.Message, StringComparison.Ordinal);
        Assert.Contains("seed 1", otherSeed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_OfAStudyWithoutRuns_StartsOne()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));

        var result = await Iris().SetMaxTrials(2).SetStorage(store, "new", resume: true).RunAsync();

        Assert.Null(result.Resume);
        Assert.Equal(2, store.Load("new", Task).Count);
    }

    private static NasExperiment Iris(int seed = 1) => IrisExperiment.Reproducible(seed);

    private static IEnumerable<(int, string, string, TrialStatus, double?)> Leaderboard(IEnumerable<TrialResult> trials) => IrisExperiment.Leaderboard(trials);
}
