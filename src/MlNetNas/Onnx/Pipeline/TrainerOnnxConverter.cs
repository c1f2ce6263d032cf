using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Onnx.Proto;

namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// ML.NET's own ONNX converter (Microsoft.ML.OnnxConverter) on a classic trainer alone: given a data view that holds only
/// the features vector, the graph reads <c>Features</c> and writes <c>PredictedLabel.output</c>, <c>Score.output</c> and,
/// for two classes, <c>Probability.output</c>. The featurizer is lowered separately (<see cref="FeaturizerProbe"/>).
/// </summary>
internal static class TrainerOnnxConverter
{
    /// <summary>The converted graph of <paramref name="trainer"/> reading <paramref name="featureCount"/> features; <paramref name="who"/> names it in errors.</summary>
    /// <exception cref="NotSupportedException">The converter cannot convert it (its message says why).</exception>
    public static ModelProto Convert(MLContext ml, ITransformer trainer, int featureCount, string featureColumn, string who)
    {
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnName = featureColumn;
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        var featuresOnly = ml.Data.LoadFromEnumerable([new FeatureRow { Features = new float[featureCount] }], definition);
        using var stream = new MemoryStream();
        try
        {
            ml.Model.ConvertToOnnx(trainer, featuresOnly, stream);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or NotImplementedException or KeyNotFoundException)
        {
            throw new NotSupportedException($"ML.NET's ONNX converter cannot convert {who} ({e.Message.Split('\n')[0]})", e);
        }

        return ModelProto.Parser.ParseFrom(stream.ToArray());
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
