using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ScorePipelineOnnx;

/// <summary>
/// Scores a CSV file (comma-separated, with a header) with a pipeline.onnx written by mlnet-nas, in ONNX Runtime alone:
/// every graph input is a column of the file by name, a float or a string tensor of shape [rows, 1] as the graph declares.
/// </summary>
public static class PipelineScorer
{
    /// <summary>Each row's PredictedLabel (empty for regression) and first Score value.</summary>
    public static IReadOnlyList<(string Label, float Score)> Score(string modelPath, string csvPath)
    {
        string[] lines = File.ReadAllLines(csvPath);
        string[] header = lines[0].Split(',');
        string[][] rows = [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))];
        using var session = new InferenceSession(modelPath);
        var inputs = new List<NamedOnnxValue>();
        foreach (var (name, metadata) in session.InputMetadata)
        {
            int column = Array.IndexOf(header, name);
            if (column < 0)
            {
                throw new InvalidDataException($"'{csvPath}' has no column '{name}', which the model reads.");
            }

            int[] shape = [rows.Length, 1];
            inputs.Add(metadata.ElementType == typeof(string)
                ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(rows.Select(r => r[column]).ToArray(), shape))
                : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(rows.Select(r => Number(r[column])).ToArray(), shape)));
        }

        using var results = session.Run(inputs);
        string[] labels = results.FirstOrDefault(r => r.Name == "PredictedLabel") is { } l ? [.. l.AsTensor<string>()] : new string[rows.Length];
        var scores = results.Single(r => r.Name == "Score").AsTensor<float>();
        int width = (int)(scores.Length / rows.Length);
        return [.. Enumerable.Range(0, rows.Length).Select(r => (labels[r] ?? string.Empty, scores.GetValue(r * width)))];
    }

    // An empty cell is a missing value, as mlnet-nas read it in training.
    private static float Number(string cell) =>
        cell.Length == 0 ? float.NaN : float.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
