using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search;
using MlNetNas.Search.Pruning;

namespace MlNetNas.Tests.Experiment;

using MlNetNas.SearchSpace;

[Collection(TorchCollection.Name)]
public sealed class NasExperimentPruningTests
{
    [Fact]
    public async Task PrunedTrials_AreRecordedAsPruned_WithTheEpochReachedAndAMetric_AndTunersAreTold()
    {
        var pruner = new ScriptedPruner(pruneFromTrial: 2, atEpoch: 3);
        var observations = new List<TrialObservation>();
        var result = await Iris(seed: 3)
            .SetPruner(pruner)
            .SetTuner((space, s) => new RecordingTuner(new RandomTuner(space, s), observations))
            .SetMaxTrials(4)
            .RunAsync();

        var first = Assert.Single(result.Trials, t => t.TrialId == 1);
        var later = result.Trials.Where(t => t.TrialId > 1).ToArray();
        Assert.Equal(TrialStatus.Completed, first.Status);
        Assert.True(first.Epochs > 3, $"the first trial ran {first.Epochs} epochs");
        Assert.Equal(3, later.Length);
        Assert.All(later, t => Assert.Equal(TrialStatus.Pruned, t.Status));
        Assert.All(later, t => Assert.Equal(3, t.Epochs));
        Assert.All(later, t => Assert.InRange(t.Metric!.Value, 0.0, 1.0));
        Assert.Equal([1], pruner.Completed);
        Assert.Equal([TrialStatus.Completed, TrialStatus.Pruned, TrialStatus.Pruned, TrialStatus.Pruned], observations.Select(o => o.Status));
        Assert.All(observations, o => Assert.NotNull(o.Loss));
        Assert.Equal(3, TrialsCsvWriter.ToCsv(result.Trials, NasMetric.Accuracy).Split('\n').Count(line => line.Contains(",nas,pruned,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MedianPruner_OnRealTraining_PrunesSomeTrialsAndKeepsAGoodBest()
    {
        var result = await Iris(seed: 1).SetPruner(new MedianStoppingPruner(warmupEpochs: 2, minCompletedTrials: 1)).SetMaxTrials(5).RunAsync();

        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Pruned);
        Assert.All(result.Trials.Where(t => t.Status == TrialStatus.Pruned), t => Assert.InRange(t.Epochs!.Value, 3, 200));
        Assert.True(result.BestTrial.Metric > 0.85, $"best validation accuracy {result.BestTrial.Metric}");
    }

    private static NasExperiment Iris(int seed) =>
        IrisExperiment.Create(seed)
            .SetTrainingTimeInSeconds(120)
            .SetDevice("cpu")
            .SetEnsemble(false)
            .SetRefitOnAllData(false)
            .SetTrainers([new NasCandidate(maxEpochs: 12)]);

    private sealed class ScriptedPruner(int pruneFromTrial, int atEpoch) : IPruner
    {
        public List<int> Completed { get; } = [];

        public bool ShouldPrune(int trialId, int epoch, double validationLoss) => trialId >= pruneFromTrial && epoch == atEpoch;

        public void Complete(int trialId, IReadOnlyList<double> curve) => Completed.Add(trialId);
    }

    private sealed class RecordingTuner(ITuner inner, List<TrialObservation> observations) : ITuner
    {
        public Parameter? Propose(int trialId) => inner.Propose(trialId);

        public void Update(TrialObservation observation)
        {
            observations.Add(observation);
            inner.Update(observation);
        }
    }
}
