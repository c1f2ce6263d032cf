using MlNetNas.Trainers;

namespace MlNetNas.Onnx;

/// <summary>
/// A tiny ONNX model that averages the outputs of several models, concatenated in one input row: class probabilities
/// (multiclass; out: the mean probabilities), positive-class probabilities (binary; out: the logit of their mean, which
/// the binary head's sigmoid turns back into that mean) or regression values. Its output is named as the network
/// exports' of the task, so the same exact ML.NET head follows it.
/// </summary>
public static class OnnxScoreCombiner
{
    /// <summary>The input's name: the members' outputs side by side.</summary>
    public const string InputName = "nas_members";

    /// <summary>The weighted mean of <paramref name="weights"/>.Count members of <paramref name="width"/> values each (weights normalized to sum 1).</summary>
    public static NetworkOnnxExport WeightedMean(NasTaskKind task, int width, IReadOnlyList<double> weights)
    {
        if (weights.Count == 0 || weights.Any(w => w < 0 || !double.IsFinite(w)) || !(weights.Sum() > 0) || width < 1)
        {
            throw new ArgumentException("A combiner needs at least one member, non-negative finite weights not all zero, and a positive width.");
        }

        int members = weights.Count;
        double total = weights.Sum();
        // One MatMul: row [m0 | m1 | …] times a stack of scaled identity blocks gives sum_m w_m * member_m.
        var matrix = new float[members * width * width];
        for (int m = 0; m < members; m++)
        {
            for (int c = 0; c < width; c++)
            {
                matrix[(((m * width) + c) * width) + c] = (float)(weights[m] / total);
            }
        }

        var onnx = new OnnxGraphBuilder("mlnetnas_combiner");
        string input = onnx.AddInput(InputName, OnnxElementType.Float, -1, members * width);
        string mean = onnx.AddNode("MatMul", [input, onnx.AddInitializer("weights", matrix, members * width, width)]);
        if (task == NasTaskKind.BinaryClassification)
        {
            // logit(p) = log(p) - log(1 - p), with p kept off 0 and 1 so the logit stays finite.
            string low = onnx.AddInitializer("low", [1e-7f]);
            string high = onnx.AddInitializer("high", [1 - 1e-7f]);
            string p = onnx.AddNode("Min", [onnx.AddNode("Max", [mean, low]), high]);
            string complement = onnx.AddNode("Sub", [onnx.AddInitializer("one", [1f]), p]);
            mean = onnx.AddNode("Sub", [onnx.AddNode("Log", [p]), onnx.AddNode("Log", [complement])]);
        }

        string output = NetworkOnnxExporter.OutputName(task);
        onnx.Rename(mean, output);
        onnx.AddOutput(output, OnnxElementType.Float, -1, width);
        return new NetworkOnnxExport(onnx.ToBytes("MlNetNas", $"weighted mean of {members} models' {task} outputs"), InputName, output, members * width, width);
    }
}
