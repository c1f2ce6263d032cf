using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search;

namespace MlNetNas.Tests.Experiment;

using MlNetNas.SearchSpace;

[Collection(TorchCollection.Name)]
public sealed class NasExperimentTests
{
    [Fact]
    public async Task RunAsync_SameSeed_SameTrialSequenceAndMetrics()
    {
        var first = await Iris(seed: 5).SetMaxTrials(4).RunAsync();
        var second = await Iris(seed: 5).SetMaxTrials(4).RunAsync();
        var other = await Iris(seed: 6).SetMaxTrials(4).RunAsync();

        Assert.Equal(first.Trials.Select(t => t.Parameter), second.Trials.Select(t => t.Parameter));
        Assert.Equal(first.Trials.Select(t => t.Metric), second.Trials.Select(t => t.Metric));
        Assert.NotEqual(first.Trials.Select(t => t.Parameter), other.Trials.Select(t => t.Parameter));
    }

    [Fact]
    public async Task RunAsync_LeaderboardHoldsNetworksAndClassicTrainers_BestIsMaximum()
    {
        var result = await Iris(seed: 1).SetMaxTrials(6).RunAsync();

        Assert.Contains(result.Trials, t => t.Trainer == "nas" && t.Status == TrialStatus.Completed);
        Assert.Contains(result.Trials, t => t.Trainer == "linear" && t.Status == TrialStatus.Completed);
        Assert.Equal(result.Trials.Where(t => t.Metric.HasValue).Max(t => t.Metric), result.BestTrial.Metric);
        Assert.True(result.BestTrial.Metric > 0.85, $"best validation accuracy {result.BestTrial.Metric}");
    }

    [Fact]
    public async Task RunAsync_TrialThrows_RecordedAsFailedAndSearchGoesOn()
    {
        var result = await Iris(seed: 1, new ThrowingCandidate(), new LinearCandidate()).SetMaxTrials(4).RunAsync();

        var broken = result.Trials.Where(t => t.Trainer == "broken").ToArray();
        Assert.NotEmpty(broken);
        Assert.All(broken, t => Assert.Equal(TrialStatus.Failed, t.Status));
        Assert.All(broken, t => Assert.Contains("the broken trainer always fails", t.Error));
        Assert.Equal(4, result.Trials.Count);
        Assert.Equal("linear", result.BestTrial.Trainer);
    }

    [Fact]
    public async Task RunAsync_CancelledAfterFirstTrial_ReturnsBestSoFar()
    {
        using var cancellation = new CancellationTokenSource();
        var monitor = new CancelAfterFirst(cancellation);
        var result = await Iris(seed: 1, new LinearCandidate()).SetMaxTrials(50).SetMonitor(monitor).RunAsync(cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Trials.Count, 1, 2);
        Assert.NotNull(result.BestModel);
    }

    [Fact]
    public async Task RunAsync_EveryTrialFails_ThrowsWithTheErrors()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Iris(seed: 1, new ThrowingCandidate()).SetMaxTrials(2).RunAsync());

        Assert.Contains("the broken trainer always fails", error.Message);
    }

    [Fact]
    public async Task RunAsync_CrossValidation_ScoresTrialsByTheMeanOfTheFolds()
    {
        var ml = new MLContext(1);
        var schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);
        var data = schema.Load(ml);
        var experiment = ml.Nas().CreateExperiment()
            .SetDataset(data, 3)
            .SetTask(NasTask.MulticlassClassification(schema.LabelColumn))
            .SetPipeline(FeaturePipeline.Create(ml, schema, new PreprocessingOptions()))
            .SetTrainers([new LinearCandidate()])
            .SetMaxTrials(2)
            .SetSeed(1);

        var result = await experiment.RunAsync();

        Assert.Equal(2, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.InRange(result.BestTrial.Metric!.Value, 0.85, 1.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.SetDataset(data, 1));

        // The classic winner is fitted again on all 150 rows: its model is no fold's, so it scores the rows differently
        // from the best fold's model, which the same experiment keeps without the refit.
        Assert.Equal(150, result.ClassicRefitRows);
        var foldModel = await experiment.SetRefitOnAllData(false).RunAsync();
        Assert.Null(foldModel.ClassicRefitRows);
        float[] Scores(NasExperimentResult r) => r.BestModel.Transform(data).GetColumn<float[]>("Score").SelectMany(v => v).ToArray();
        Assert.NotEqual(Scores(foldModel), Scores(result));
    }

    [Fact]
    public void SetTrainers_UnknownName_ListsKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => new MLContext().Nas().CreateExperiment().SetTrainers("nas", "xgboost"));

        Assert.Contains("xgboost", error.Message);
        Assert.Contains("lightgbm", error.Message);
    }

    private static NasExperiment Iris(int seed, params ICandidateTrainer[] trainers) =>
        IrisExperiment.Create(seed)
            .SetTrainingTimeInSeconds(120)
            .SetDevice("cpu")
            .SetTrainers(trainers.Length > 0 ? trainers : [new NasCandidate(maxEpochs: 12), new LinearCandidate()]);

    private sealed class ThrowingCandidate : ICandidateTrainer
    {
        public string Name => "broken";

        public SearchSpace CreateSearchSpace(NasTask task) => new SearchSpace().Add("x", new IntRangeOption(1, 3));

        public CandidateModel Fit(CandidateContext context, Parameter parameter) => throw new InvalidOperationException("the broken trainer always fails");
    }

    private sealed class CancelAfterFirst(CancellationTokenSource source) : IMonitor
    {
        public void ReportRunningTrial(int trialId, string trainer, Parameter parameter)
        {
        }

        public void ReportCompletedTrial(TrialResult result) => source.Cancel();

        public void ReportFailedTrial(TrialResult result)
        {
        }

        public void ReportBestTrial(TrialResult result)
        {
        }
    }
}
