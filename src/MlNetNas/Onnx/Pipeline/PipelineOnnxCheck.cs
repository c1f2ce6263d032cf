using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;

namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// Scores rows with a whole-pipeline ONNX model in ONNX Runtime alone (one <c>[N, 1]</c> tensor per column) and compares
/// it with the ML.NET model it came from: the exporter's own check before a pipeline.onnx is written.
/// </summary>
public static class PipelineOnnxCheck
{
    /// <summary>
    /// The largest score difference on <paramref name="rows"/> (raw columns of <paramref name="layout"/>), relative to the
    /// score where it exceeds 1 (regression values in the hundreds carry float rounding of that size), or +∞ when a
    /// predicted label differs.
    /// </summary>
    public static double Compare(byte[] pipeline, ITransformer model, IDataView rows, DataFileLayout layout)
    {
        var scored = model.Transform(rows);
        bool binary = scored.Schema.GetColumnOrNull("Probability") is not null;
        var scoreColumn = binary ? "Probability" : "Score";
        float[] expected = scored.Schema[scoreColumn].Type is VectorDataViewType
            ? [.. scored.GetColumn<float[]>(scoreColumn).SelectMany(v => v)]
            : [.. scored.GetColumn<float>(scoreColumn)];
        string[]? expectedLabels = scored.Schema.GetColumnOrNull("PredictedLabel") is { } predicted
            ? predicted.Type is TextDataViewType ? [.. scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString())] : null
            : null;
        var (labels, scores) = Run(pipeline, rows, layout, scoreColumn);
        if (expectedLabels is not null && !expectedLabels.SequenceEqual(labels))
        {
            return double.PositiveInfinity;
        }

        return expected.Length != scores.Length ? double.PositiveInfinity : expected.Zip(scores).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.First)));
    }

    /// <summary>The pipeline's predicted labels (empty for regression) and <paramref name="scoreOutput"/> values, row-major.</summary>
    public static (string[] Labels, float[] Scores) Run(byte[] pipeline, IDataView rows, DataFileLayout layout, string scoreOutput = "Score")
    {
        using var scorer = new PipelineOnnxScorer(pipeline, layout);
        return scorer.Run(rows, scoreOutput);
    }
}
