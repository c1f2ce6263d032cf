using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Onnx.Pipeline;

namespace MlNetNas.Tests.Onnx;

/// <summary>Reading a fitted featurizer back slot by slot: affine scalings and missing-value indicators are read, non-linear steps refused with the reason.</summary>
public sealed class FeaturizerProbeTests
{
    [Theory]
    [InlineData(NumericScaling.MinMax)]
    [InlineData(NumericScaling.MeanVariance)]
    [InlineData(NumericScaling.None)]
    public void AffineScalings_AreReadAsOneNumericSlotPerColumn(NumericScaling scaling)
    {
        var (ml, schema, featurizer) = Fit(new PreprocessingOptions { Scaling = scaling, MissingValues = MissingValuePolicy.MeanWithIndicator });

        var slots = FeaturizerProbe.Read(ml, featurizer, schema.Layout, "Features");

        Assert.Equal(4, slots.Count(s => s.Kind == FeatureSlotKind.Numeric));
        Assert.Equal([0, 1, 2, 3], slots.Where(s => s.Kind == FeatureSlotKind.Numeric).Select(s => s.Column).Order());
        Assert.Equal(4, slots.Count(s => s.Kind == FeatureSlotKind.MissingIndicator));
        Assert.All(slots.Where(s => s.Kind == FeatureSlotKind.Numeric), s => Assert.NotEqual(0f, s.Slope));
    }

    [Theory]
    [InlineData(NumericScaling.Binning, "non-linearly")]
    [InlineData(NumericScaling.LogMeanVariance, "non-linearly")]
    public void NonLinearScalings_AreRefusedWithTheReason(NumericScaling scaling, string reason)
    {
        var (ml, schema, featurizer) = Fit(new PreprocessingOptions { Scaling = scaling });

        var error = Assert.Throws<NotSupportedException>(() => FeaturizerProbe.Read(ml, featurizer, schema.Layout, "Features"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static (MLContext Ml, DataFileSchema Schema, ITransformer Featurizer) Fit(PreprocessingOptions options)
    {
        var ml = new MLContext(1);
        var schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);
        var data = schema.Load(ml);
        return (ml, schema, FeaturePipeline.Create(ml, schema, options).Fit(data));
    }
}
