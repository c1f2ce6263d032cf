using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Search;
using Xunit;

namespace MlNetNas.Tests.Experiment.Budget;

/// <summary>The experiment holds classic trials to the time left: one that cannot fit is not started, recorded as cancelled, and its trainer retired.</summary>
public sealed class ExperimentBudgetTests
{
    [Fact]
    public async Task FastTreeThatCannotFit_IsNotStarted_AndTheOthersGoOn()
    {
        // 160 training rows × 2000 features × 3 classes: FastTree is estimated at over a minute, and at 20 trees still
        // more than the 20 s a trial of a 30 s budget may use (its default took 94 s on such data).
        var ml = new MLContext(1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 200).Select(i => new Row { Label = (i % 3).ToString(), Features = [.. Enumerable.Range(0, 2000).Select(_ => (float)random.NextDouble())] }).ToList();

        var result = await ml.Nas().CreateExperiment()
            .SetDataset(ml.Data.LoadFromEnumerable(rows), 0.2)
            .SetTask(NasTask.MulticlassClassification("Label"))
            .SetPipeline(ml.Transforms.CopyColumns("Features", "Features"))
            .SetTrainers("lightgbm", "fasttree")
            .SetMaxTrials(3)
            .SetTrainingTimeInSeconds(30)
            .RunAsync();

        var fastTree = Assert.Single(result.Trials, t => t.Trainer == "fasttree");
        Assert.Equal(TrialStatus.Cancelled, fastTree.Status);
        Assert.Null(fastTree.Metric);
        Assert.Contains("fasttree not started: about", fastTree.Error, StringComparison.Ordinal);
        Assert.Contains(result.Trials, t => t.Trainer == "lightgbm" && t.Status == TrialStatus.Completed);
    }

    private sealed class Row
    {
        public string Label { get; set; } = string.Empty;

        [VectorType(2000)]
        public float[] Features { get; set; } = [];
    }
}
