using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures.Families;
using MlNetNas.Tests.Training;
using MlNetNas.Trainers;
using MlNetNas.Training;

namespace MlNetNas.Tests.Trainers;

[Collection(TorchCollection.Name)]
public sealed class NasTrainerTests
{
    private static readonly NasTrainerOptions Options = new()
    {
        Architecture = new MlpOptions { HiddenWidths = [16] },
        Training = new TrainingOptions { MaxEpochs = 20, LearningRate = 5e-3, Device = "cpu", Seed = 3 },
    };

    [Fact]
    public void Multiclass_InPipeline_EvaluatesAndRoundTripsThroughModelZip()
    {
        var ml = new MLContext(seed: 1);
        var data = Blobs(ml, 300, seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(new NasTrainer(ml, NasTaskKind.MulticlassClassification, Options));

        var model = pipeline.Fit(data);
        var test = Blobs(ml, 90, seed: 2);
        var scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        Assert.True(metrics.MacroAccuracy > 0.9, $"macro accuracy {metrics.MacroAccuracy}");
        string path = Path.Combine(Path.GetTempPath(), $"nas-multiclass-{Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = new MLContext(seed: 2).Model.Load(path, out _);
        var reloaded = ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel").Fit(loaded.Transform(test)).Transform(loaded.Transform(test));
        var original = ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel").Fit(scored).Transform(scored);
        Assert.Equal(original.GetColumn<string>("PredictedText"), reloaded.GetColumn<string>("PredictedText"));
        Assert.All(reloaded.GetColumn<string>("PredictedText"), p => Assert.Contains(p, new[] { "red", "green", "blue" }));
        File.Delete(path);
    }

    [Fact]
    public void Multiclass_PredictedLabel_IsArgmaxOfScore()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(Blobs(ml, 150, seed: 4)).Transform(Blobs(ml, 150, seed: 4));
        var model = new NasTrainer(ml, NasTaskKind.MulticlassClassification, Options).Fit(data);
        var scored = model.Transform(data);

        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var keys = scored.GetColumn<uint>("PredictedLabel").ToArray();
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.Equal(Array.IndexOf(scores[i], scores[i].Max()) + 1, (int)keys[i]);
            Assert.Equal(1.0, scores[i].Sum(), 4);
        }
    }

    [Fact]
    public void Binary_PredictionEngine_BindsScalarColumns()
    {
        var ml = new MLContext(seed: 1);
        var rows = BinaryRows(200, seed: 5);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new NasTrainer(ml, NasTaskKind.BinaryClassification, Options).Fit(data);

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
        var engine = ml.Model.CreatePredictionEngine<BinaryRow, BinaryPrediction>(model);
        var prediction = engine.Predict(rows[0]);

        Assert.True(metrics.AreaUnderRocCurve > 0.95, $"AUC {metrics.AreaUnderRocCurve}");
        Assert.Equal(prediction.Score > 0, prediction.PredictedLabel);
        Assert.Equal(1 / (1 + Math.Exp(-prediction.Score)), prediction.Probability, 5);
    }

    [Fact]
    public void Regression_ScoreIsScalarAndAccurate()
    {
        var ml = new MLContext(seed: 1);
        var synthetic = SyntheticData.Linear(300, 4, seed: 6);
        var rows = Enumerable.Range(0, synthetic.Rows)
            .Select(r => new RegressionRow { Features = synthetic.Features.AsSpan(r * 4, 4).ToArray(), Label = synthetic.Targets[r] }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new NasTrainer(ml, NasTaskKind.Regression, Options with { Training = Options.Training with { MaxEpochs = 40 } }).Fit(data);

        var metrics = ml.Regression.Evaluate(model.Transform(data));
        var engine = ml.Model.CreatePredictionEngine<RegressionRow, RegressionPrediction>(model);

        Assert.True(metrics.RSquared > 0.95, $"R² {metrics.RSquared}");
        Assert.InRange(engine.Predict(rows[0]).Score, rows[0].Label - 1.5f, rows[0].Label + 1.5f);
    }

    [Fact]
    public void Fit_LabelNotKey_ThrowsNamingColumnAndFix()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => new NasTrainer(ml, NasTaskKind.MulticlassClassification, Options with { LabelColumnName = "Class" }).Fit(Blobs(ml, 30, 1)));
        Assert.Contains("'Class'", error.Message);
        Assert.Contains("MapValueToKey", error.Message);
    }

    private static IDataView Blobs(MLContext ml, int rows, int seed)
    {
        var data = SyntheticData.Blobs(rows, 6, seed);
        string[] names = ["red", "green", "blue"];
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows)
            .Select(r => new ClassRow { Features = data.Features.AsSpan(r * 6, 6).ToArray(), Class = names[(int)data.Targets[r]] }));
    }

    private static BinaryRow[] BinaryRows(int rows, int seed)
    {
        var data = SyntheticData.Blobs(rows, 4, seed, classes: 2);
        return Enumerable.Range(0, rows).Select(r => new BinaryRow { Features = data.Features.AsSpan(r * 4, 4).ToArray(), Label = data.Targets[r] == 1 }).ToArray();
    }

    public sealed class ClassRow
    {
        [VectorType(6)]
        public float[] Features { get; set; } = [];

        public string Class { get; set; } = string.Empty;
    }

    public sealed class BinaryRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class BinaryPrediction
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }

    public sealed class RegressionRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    public sealed class RegressionPrediction
    {
        public float Score { get; set; }
    }
}
