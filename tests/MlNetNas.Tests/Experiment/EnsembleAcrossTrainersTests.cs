using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Tests.Experiment;

/// <summary>Greedy ensemble selection over classic trainers with different preprocessing: one more trial, scored on the same validation rows.</summary>
public sealed class EnsembleAcrossTrainersTests
{
    [Fact]
    public async Task AClassicOnlySearch_TriesAnEnsembleOfDifferentTrainers_ScoredLikeAnyTrial()
    {
        var ml = new MLContext(1);
        var schema = ColumnInference.Infer(TestData.Path("tabular", "breast_cancer.csv"), "diagnosis", DataTask.Classification);
        var result = await ml.Nas().CreateExperiment()
            .SetDataset(schema.Load(ml), 0.2)
            .SetTask(NasTask.BinaryClassification(schema.LabelColumn, NasMetric.Accuracy))
            .SetPreprocessingSpace(schema)
            .SetTrainers([new LightGbmCandidate(), new LinearCandidate(), new FastTreeCandidate()])
            .SetMaxTrials(10)
            .SetTrainingTimeInSeconds(60)
            .SetSeed(1)
            .RunAsync();

        var ensemble = Assert.Single(result.Trials, t => t.Trainer == "nas-ensemble");
        Assert.Equal(MlNetNas.Search.TrialStatus.Completed, ensemble.Status);
        Assert.Matches(@"weighted mean of trials \d+ \((fasttree|linear|lightgbm)\).*\((fasttree|linear|lightgbm)\)", ensemble.Architecture);
        var trainers = System.Text.RegularExpressions.Regex.Matches(ensemble.Architecture!, @"\((\w+)\)").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.True(trainers.Length >= 2, $"the ensemble mixes only {string.Join(",", trainers)}");
        Assert.InRange(ensemble.Metric!.Value, 0.9, 1.0);
    }
}
