using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Experiment.ParallelTrials;

using MlNetNas.SearchSpace;

[Collection(TorchCollection.Name)]
public sealed class ParallelTrialsTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task TwoTrialsAtOnce_GetTheMetricsTheyGetOneByOne()
    {
        // Random search proposes without looking at results, so both runs propose the same networks (with dropout, drawn
        // from each trial's own generator while the other trial trains).
        var oneByOne = await Networks().SetTuner("random").SetMaxTrials(6).RunAsync();
        var twoAtOnce = await Networks().SetTuner("random").SetMaxTrials(6).SetParallelTrials(2).RunAsync();

        Assert.Equal(Leaderboard(oneByOne.Trials), Leaderboard(twoAtOnce.Trials));
        Assert.Contains(oneByOne.Trials, t => t.Parameter["trainer"]["dropout"].AsDouble() > 0);
    }

    [Fact]
    public async Task TwoTrialsAtOnce_SameSeed_SameTrials()
    {
        var first = await Mixed().SetMaxTrials(7).SetParallelTrials(2).RunAsync();
        var second = await Mixed().SetMaxTrials(7).SetParallelTrials(2).RunAsync();

        Assert.Equal(Leaderboard(first.Trials), Leaderboard(second.Trials));
        Assert.Equal(Enumerable.Range(1, 7), first.Trials.Select(t => t.TrialId));
    }

    [Fact]
    public async Task TwoTrialsAtOnce_StoppedAndResumed_EndsWithTheTrialsOfARunThatNeverStopped()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        var whole = await Mixed().SetMaxTrials(7).SetParallelTrials(2).RunAsync();
        using var stop = new CancellationTokenSource();
        await Mixed().SetMaxTrials(7).SetParallelTrials(2).SetStorage(store, "s").SetMonitor(new CancelWhenTrialEnds(3, stop)).RunAsync(stop.Token);

        var resumed = await Mixed().SetMaxTrials(7).SetParallelTrials(2).SetStorage(store, "s", resume: true).RunAsync();

        Assert.All(resumed.Trials, t => Assert.True(t.Status == TrialStatus.Completed, $"trial {t.TrialId} ({t.Trainer}) {t.Status}: {t.Error}"));
        Assert.InRange(resumed.Resume!.ReplayedTrials, 3, 4);
        Assert.Equal(0, resumed.Resume.DifferingTrials);
        Assert.Equal(Leaderboard(whole.Trials), Leaderboard(resumed.Trials));
    }

    // Single networks: a random draw of a wide five-layer batch ensemble of 8 took a minute on iris with 2 cores.
    private static NasExperiment Networks() => IrisExperiment.Reproducible().SetTrainers([new NasCandidate(maxEpochs: 12, maxEnsembleMembers: 1)]);

    private static NasExperiment Mixed() => IrisExperiment.Reproducible();

    private static IEnumerable<(int, string, string, TrialStatus, double?)> Leaderboard(IEnumerable<TrialResult> trials) => IrisExperiment.Leaderboard(trials);
}
