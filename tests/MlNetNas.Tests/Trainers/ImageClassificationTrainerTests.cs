using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Trainers;
using MlNetNas.Training;

namespace MlNetNas.Tests.Trainers;

/// <summary><c>ml.Nas().Trainers.ImageClassification</c> inside a plain ML.NET pipeline on 8×8 digit pixels.</summary>
[Collection(TorchCollection.Name)]
public sealed class ImageClassificationTrainerTests
{
    [Fact]
    public void CellNetworkInPipeline_ClassifiesDigits_AndRoundTripsThroughModelZip()
    {
        var ml = new MLContext(seed: 1);
        var loader = ml.Data.CreateTextLoader([new TextLoader.Column("Pixels", DataKind.Single, 0, 63), new TextLoader.Column("Digit", DataKind.String, 64)], separatorChar: ',');
        var all = loader.Load(TestData.Path("mlnet-samples", "optdigits-train.csv"));
        var train = ml.Data.TakeRows(all, 700);
        var test = ml.Data.TakeRows(ml.Data.SkipRows(all, 700), 300);
        var options = new NasTrainerOptions { FeatureColumnName = "Features", Training = new TrainingOptions { MaxEpochs = 6, Device = "cpu", Seed = 2, LearningRate = 3e-3 } };
        var pipeline = ml.Transforms.NormalizeGlobalContrast("Features", "Pixels", ensureUnitStandardDeviation: true)
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Digit"))
            .Append(ml.Nas().Trainers.ImageClassification(InputSpec.Image(1, 8, 8), new CellOptions { StemChannels = 8 }, options));

        var model = pipeline.Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));

        // 700 digits, six epochs: a convolutional net is well past the 0.1 of chance (it reaches 0.99 with the full data and budget).
        Assert.True(metrics.MicroAccuracy > 0.8, $"accuracy {metrics.MicroAccuracy}");
        string path = Path.Combine(Path.GetTempPath(), $"nas-image-{Guid.NewGuid():N}.zip");
        ml.Model.Save(model, train.Schema, path);
        var reloaded = new MLContext(seed: 3).Model.Load(path, out _);
        Assert.Equal(
            model.Transform(test).GetColumn<uint>("PredictedLabel").ToArray(),
            reloaded.Transform(test).GetColumn<uint>("PredictedLabel").ToArray());
        File.Delete(path);
    }

    [Fact]
    public void VectorShape_IsRefusedWithTheExpectedForm()
    {
        var error = Assert.Throws<ArgumentException>(() => new MLContext(1).Nas().Trainers.ImageClassification(InputSpec.Vector(64)));
        Assert.Contains("InputSpec.Image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShapeNotMatchingTheFeatureColumn_NamesBothSizes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Row { Features = new float[16], Label = (uint)(1 + (i % 2)) }),
            SchemaDefinition.Create(typeof(Row)).Also(d => { d["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 16); d["Label"].ColumnType = new KeyDataViewType(typeof(uint), 2); }));

        var error = Assert.Throws<ArgumentException>(() => ml.Nas().Trainers.ImageClassification(InputSpec.Image(1, 8, 8)).Fit(data));
        Assert.Contains("holds 16 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 64", error.Message, StringComparison.Ordinal);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}

internal static class SchemaDefinitionExtensions
{
    public static SchemaDefinition Also(this SchemaDefinition definition, Action<SchemaDefinition> change)
    {
        change(definition);
        return definition;
    }
}
