using MlNetNas.Architectures;
using MlNetNas.Trainers;
using MlNetNas.Trainers.Heads;
using MlNetNas.Training;

namespace MlNetNas.Onnx;

/// <summary>
/// Writes a trained network as an ONNX model with one float input [N, features] (reshaped inside to the example shape, e.g. [N, C, H, W]) named like the ML.NET
/// feature column, and one output: class probabilities (softmax) for multiclass, the logit for binary,
/// the prediction in target units for regression (the training standardization folded in).
/// </summary>
public static class NetworkOnnxExporter
{
    /// <summary>The output's name for each task.</summary>
    public static string OutputName(NasTaskKind task) => TaskHeads.For(task).OutputName;

    /// <summary>Exports <paramref name="network"/> for <paramref name="task"/>.</summary>
    public static NetworkOnnxExport Export(TrainedNetwork network, NasTaskKind task, string inputName = "Features", IReadOnlyDictionary<string, string>? metadata = null)
    {
        var graph = network.Graph;
        int width = graph.InputShape.ElementCount;
        int outputs = graph.OutputShape.ElementCount;
        var onnx = new OnnxGraphBuilder("mlnetnas");
        string input = new InputSpec(graph.InputShape).DeclareOnnx(onnx, inputName);
        string raw = network.Module.EmitOnnx(onnx, input);
        string result = TaskHeads.For(task).EmitOnnxOutput(onnx, raw, network);
        string output = OutputName(task);
        onnx.Rename(result, output);
        onnx.AddOutput(output, OnnxElementType.Float, -1, outputs);
        var description = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["mlnetnas.architecture"] = graph.ToJson(),
            ["mlnetnas.task"] = task.ToString(),
        };
        byte[] bytes = onnx.ToBytes("MlNetNas", $"{task} network: {graph}", description);
        return new NetworkOnnxExport(bytes, inputName, output, width, outputs);
    }
}
