using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Tests.Experiment;

/// <summary>Fold bagging: after cross-validation the winner's fold models, averaged, are the model instead of a refit.</summary>
[Collection(TorchCollection.Name)]
public sealed class FoldBaggingTests
{
    private static (NasExperiment Experiment, IDataView Data) Iris(ICandidateTrainer trainer, int trials, int repeats = 1)
    {
        var ml = new MLContext(1);
        var schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);
        var data = schema.Load(ml);
        var experiment = ml.Nas().CreateExperiment()
            .SetDataset(data, 3, repeats)
            .SetTask(NasTask.MulticlassClassification(schema.LabelColumn))
            .SetPipeline(FeaturePipeline.Create(ml, schema, new PreprocessingOptions()))
            .SetTrainers([trainer])
            .SetMaxTrials(trials)
            .SetSeed(1)
            .SetFoldBagging(true);
        return (experiment, data);
    }

    private static float[][] Scores(ITransformer model, IDataView data) => [.. model.Transform(data).GetColumn<float[]>("Score")];

    [Fact]
    public async Task AClassicWinner_IsTheMeanOfItsFoldModels_NotARefit()
    {
        var (experiment, data) = Iris(new LinearCandidate(), trials: 2);
        var result = await experiment.RunAsync();

        Assert.Equal(3, result.BaggedFolds);
        Assert.Null(result.ClassicRefitRows);
        var members = result.BestEnsemble!.Members;
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal(result.BestTrial.TrialId, m.TrialId));

        // Each member is its fold's featurizer and model; the bag's class probabilities are their mean.
        var memberScores = members.Select(m => Scores(new TransformerChain<ITransformer>(m.Data.Featurizer, m.Model!), data)).ToArray();
        var bagScores = Scores(result.BestModel, data);
        Assert.Equal(150, bagScores.Length);
        for (int row = 0; row < bagScores.Length; row++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(memberScores.Average(s => s[row][c]), bagScores[row][c], 4);
            }
        }

        // The fold models differ (each saw other rows), so the mean is none of them.
        Assert.NotEqual(memberScores[0].SelectMany(s => s), memberScores[1].SelectMany(s => s));

        // Without bagging the same run refits the winner on all rows instead.
        var refit = await experiment.SetFoldBagging(false).RunAsync();
        Assert.Equal(0, refit.BaggedFolds);
        Assert.Equal(150, refit.ClassicRefitRows);
    }

    [Fact]
    public async Task ANetworkWinner_BagsItsFoldNetworks()
    {
        var (experiment, data) = Iris(new NasCandidate(maxEpochs: 10), trials: 1);
        var result = await experiment.RunAsync();

        Assert.Equal(3, result.BaggedFolds);
        Assert.Equal(0, result.RefitSeeds);
        Assert.All(result.BestEnsemble!.Members, m => Assert.NotNull(m.Network));
        var scored = result.BestModel.Transform(data);
        string[] predicted = [.. scored.GetColumn<uint>("PredictedLabel").Select(k => result.ClassNames[(int)k - 1])];
        string[] actual = [.. scored.GetColumn<ReadOnlyMemory<char>>("species").Select(l => l.ToString())];
        double accuracy = predicted.Zip(actual).Count(p => p.First == p.Second) / (double)predicted.Length;
        Assert.True(accuracy > 0.9, $"the bag of three networks classifies {accuracy:P1} of iris");
    }

    [Fact]
    public async Task RepeatedFolds_FitEveryRepeat_AndBagThemAll()
    {
        var (once, _) = Iris(new LinearCandidate(), trials: 1);
        var (twice, _) = Iris(new LinearCandidate(), trials: 1, repeats: 2);
        var single = await once.RunAsync();
        var repeated = await twice.RunAsync();

        Assert.Equal(3, single.BaggedFolds);
        Assert.Equal(6, repeated.BaggedFolds);
        // The second partition scores other rows per fold, so the mean over six fits is not the three-fold mean.
        Assert.NotEqual(single.BestTrial.Metric, repeated.BestTrial.Metric);
    }

    [Fact]
    public void ZeroRepeats_IsRefused()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { X = 1f } });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Nas().CreateExperiment().SetDataset(data, 3, 0));
        Assert.Contains("repeats", error.Message, StringComparison.Ordinal);
    }
}
