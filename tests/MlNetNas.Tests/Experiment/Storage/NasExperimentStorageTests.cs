using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Experiment.Storage;

using MlNetNas.SearchSpace;

[Collection(TorchCollection.Name)]
public sealed class NasExperimentStorageTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task RunAsync_WithStorage_StoresEachTrialAsSoonAsItFinishes()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        var task = NasTask.MulticlassClassification("species");
        var monitor = new StoreWatcher(() => store.Load("iris", task));

        var result = await Iris(seed: 1, new LinearCandidate(), new FailingCandidate())
            .SetMaxTrials(3).SetMonitor(monitor).SetStorage(store, "iris").RunAsync();

        // When trial 2 started, trial 1 was in the file already.
        Assert.Equal([result.Trials[0]], monitor.StoredWhenTrialStarted[2]);
        Assert.Equal([result.Trials[0], result.Trials[1]], monitor.StoredWhenTrialStarted[3]);
        Assert.Equal(result.Trials, store.Load("iris", task));
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Failed);
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Completed);
    }

    [Fact]
    public async Task RunAsync_WithStorageAndAnEnsemble_StoresTheEnsembleTrialToo()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        var ml = new MLContext(1);
        var schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "petal_width", DataTask.Regression);
        var task = NasTask.Regression(schema.LabelColumn);

        // Whether averaging beats the best network depends on the seed: take the first seed whose search ends with an ensemble.
        for (int seed = 1; seed <= 8; seed++)
        {
            var result = await ml.Nas().CreateExperiment()
                .SetDataset(schema.Load(ml), 0.25)
                .SetTask(task)
                .SetPipeline(FeaturePipeline.Create(ml, schema, new PreprocessingOptions()))
                .SetTrainers([new NasCandidate(maxEpochs: 10)])
                .SetRefitOnAllData(false)
                .SetMaxTrials(4)
                .SetDevice("cpu")
                .SetSeed(seed)
                .SetStorage(store, $"iris-{seed}")
                .RunAsync();

            Assert.Equal(result.Trials, store.Load($"iris-{seed}", task));
            if (result.Trials[^1].Trainer == "nas-ensemble")
            {
                return;
            }
        }

        Assert.Fail("No seed of 1 to 8 ended with an ensemble trial.");
    }

    [Fact]
    public async Task WarmStart_FromAStore_SeedsTheTunersOfANewExperiment_WhoseRunIsStoredToo()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        var task = NasTask.MulticlassClassification("species");
        var first = await Iris(seed: 1, new LinearCandidate(), new LightGbmCandidate()).SetMaxTrials(4).SetStorage(store, "iris").RunAsync();

        var read = store.Load("iris", task);
        var second = await Iris(seed: 2, new LinearCandidate(), new LightGbmCandidate()).SetMaxTrials(2).SetWarmStart(read).SetStorage(store, "iris").RunAsync();

        Assert.Equal(first.Trials.Select(t => (t.TrialId, t.Trainer, t.Status, t.Metric)), read.Select(t => (t.TrialId, t.Trainer, t.Status, t.Metric)));
        Assert.Equal(first.Trials.Select(t => t.Parameter), read.Select(t => t.Parameter));
        Assert.Equal(4, second.WarmStartTrials);
        Assert.Equal(first.Trials.Concat(second.Trials), store.Load("iris", task));
        Assert.Equal(2, Assert.Single(store.ListStudies()).Runs);
    }

    [Fact]
    public async Task RunAsync_StorageStudyOfAnotherMetric_FailsBeforeAnyTrial()
    {
        var store = new SqliteTrialStore(Path.Combine(temp.Root, "runs.db"));
        store.StartRun("iris", NasTask.MulticlassClassification("species", NasMetric.LogLoss));
        var monitor = new StoreWatcher(() => []);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Iris(seed: 1, new LinearCandidate()).SetMaxTrials(2).SetMonitor(monitor).SetStorage(store, "iris").RunAsync());

        Assert.Contains("LogLoss", error.Message, StringComparison.Ordinal);
        Assert.Contains("Accuracy", error.Message, StringComparison.Ordinal);
        Assert.Empty(monitor.StoredWhenTrialStarted);
    }

    private static NasExperiment Iris(int seed, params ICandidateTrainer[] trainers) =>
        IrisExperiment.Create(seed).SetTrainers(trainers);

    /// <summary>Reads the store each time a trial starts, on the experiment's own thread.</summary>
    private sealed class StoreWatcher(Func<IReadOnlyList<TrialResult>> load) : IMonitor
    {
        public Dictionary<int, IReadOnlyList<TrialResult>> StoredWhenTrialStarted { get; } = [];

        public void ReportRunningTrial(int trialId, string trainer, Parameter parameter) => StoredWhenTrialStarted[trialId] = load();

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportFailedTrial(TrialResult result)
        {
        }

        public void ReportBestTrial(TrialResult result)
        {
        }
    }

    private sealed class FailingCandidate : ICandidateTrainer
    {
        public string Name => "failing";

        public SearchSpace CreateSearchSpace(NasTask task) => new SearchSpace().Add("x", new IntRangeOption(1, 3));

        public CandidateModel Fit(CandidateContext context, Parameter parameter) => throw new InvalidOperationException("this trainer always fails");
    }
}
