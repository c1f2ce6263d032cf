using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Trainers;

namespace MlNetNas.Tests.Trainers;

/// <summary>An ensemble of classic models with featurizers of their own: one plain ML.NET model whose outputs are the weighted mean of theirs.</summary>
public sealed class EnsembleModelBuilderTests
{
    [Fact]
    public void Multiclass_ScoreIsTheWeightedMeanOfTheMembers_AndSurvivesSaveAndLoad()
    {
        var ml = new MLContext(1);
        var data = IrisWithKeyLabel(ml);
        var minMax = ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth").Append(ml.Transforms.NormalizeMinMax("Features")).Fit(data);
        var binned = ml.Transforms.Concatenate("Features", "PetalLength", "PetalWidth").Append(ml.Transforms.NormalizeBinning("Features", maximumBinCount: 4)).Fit(data);
        var sdca = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20).Fit(minMax.Transform(data));
        var bayes = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(binned.Transform(data));
        string[] classes = ["setosa", "versicolor", "virginica"];

        var ensemble = EnsembleModelBuilder.Build(ml, NasTaskKind.MulticlassClassification, [(minMax, sdca), (binned, bayes)], [3, 1], data, classes);
        string path = Path.Combine(Path.GetTempPath(), $"ensemble-{Guid.NewGuid():N}.zip");
        ml.Model.Save(ensemble, data.Schema, path);
        var loaded = new MLContext(2).Model.Load(path, out _);
        File.Delete(path);

        var a = sdca.Transform(minMax.Transform(data)).GetColumn<float[]>("Score").ToArray();
        var b = bayes.Transform(binned.Transform(data)).GetColumn<float[]>("Score").ToArray();
        var scored = loaded.Transform(data);
        var mean = scored.GetColumn<float[]>("Score").ToArray();
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        for (int r = 0; r < a.Length; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal((0.75 * a[r][c]) + (0.25 * b[r][c]), mean[r][c], 1e-5);
            }

            Assert.Equal(Array.IndexOf(mean[r], mean[r].Max()) + 1, (int)predicted[r]);
        }

        Assert.DoesNotContain(scored.Schema, c => !c.IsHidden && c.Name.StartsWith("nas_member", StringComparison.Ordinal));
    }

    [Fact]
    public void Binary_ProbabilityIsTheMeanOfTheMembersProbabilities()
    {
        var ml = new MLContext(1);
        var random = new Random(2);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(_ =>
        {
            float x = (float)random.NextDouble(), y = (float)random.NextDouble();
            return new Point { X = x, Y = y, Label = x + (0.3 * y) + (0.2 * random.NextDouble()) > 0.75 };
        }).ToArray());
        var both = ml.Transforms.Concatenate("Features", "X", "Y").Fit(data);
        var justX = ml.Transforms.Concatenate("Features", "X").Fit(data);
        var logistic = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(both.Transform(data));
        var tree = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 10, numberOfLeaves: 4, minimumExampleCountPerLeaf: 5).Fit(justX.Transform(data));

        var ensemble = EnsembleModelBuilder.Build(ml, NasTaskKind.BinaryClassification, [(both, logistic), (justX, tree)], [1, 1], data, []);

        var p = logistic.Transform(both.Transform(data)).GetColumn<float>("Probability").ToArray();
        var q = tree.Transform(justX.Transform(data)).GetColumn<float>("Probability").ToArray();
        var scored = ensemble.Transform(data);
        var mean = scored.GetColumn<float>("Probability").ToArray();
        var label = scored.GetColumn<bool>("PredictedLabel").ToArray();
        Assert.All(Enumerable.Range(0, p.Length), r => Assert.Equal((p[r] + q[r]) / 2.0, mean[r], 1e-5));
        Assert.All(Enumerable.Range(0, p.Length), r => Assert.Equal(mean[r] > 0.5, label[r]));
    }

    [Fact]
    public void ClassicModels_StillScoreAfterDispose_AsTheEnsembleKeepsThem()
    {
        // The incumbent disposes the models it drops; ensemble members kept from earlier trials rely on ML.NET's
        // classic transformers holding no native state.
        var ml = new MLContext(1);
        var data = IrisWithKeyLabel(ml);
        var features = ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth").Fit(data).Transform(data);
        foreach (var estimator in new IEstimator<ITransformer>[]
        {
            ml.MulticlassClassification.Trainers.LightGbm(numberOfIterations: 10),
            ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5)),
            ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 10),
        })
        {
            var model = estimator.Fit(features);
            var before = model.Transform(features).GetColumn<float[]>("Score").SelectMany(v => v).ToArray();
            (model as IDisposable)?.Dispose();
            Assert.Equal(before, model.Transform(features).GetColumn<float[]>("Score").SelectMany(v => v).ToArray());
        }
    }

    private static IDataView IrisWithKeyLabel(MLContext ml)
    {
        var raw = ml.Data.LoadFromTextFile<Iris>(TestData.Path("tabular", "iris.csv"), hasHeader: true, separatorChar: ',');
        return ml.Transforms.Conversion.MapValueToKey("Label", "Species").Fit(raw).Transform(raw);
    }

    private sealed class Iris
    {
        [LoadColumn(0)]
        public float SepalLength { get; set; }

        [LoadColumn(1)]
        public float SepalWidth { get; set; }

        [LoadColumn(2)]
        public float PetalLength { get; set; }

        [LoadColumn(3)]
        public float PetalWidth { get; set; }

        [LoadColumn(4)]
        public string Species { get; set; } = string.Empty;
    }

    private sealed class Point
    {
        public float X { get; set; }

        public float Y { get; set; }

        public bool Label { get; set; }
    }
}
