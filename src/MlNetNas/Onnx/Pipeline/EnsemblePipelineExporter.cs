using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Onnx.Proto;
using MlNetNas.Trainers;

namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// The whole pipeline of a mixed ensemble in one ONNX graph: every member's featurizer lowered on the shared raw-column
/// inputs, every member's model (a network as exported, a classic trainer through ML.NET's converter), the weighted mean
/// of their class probabilities (binary: positive-class probabilities; regression: values) and the head, as
/// <see cref="EnsembleModelBuilder"/> computes it in ML.NET.
/// </summary>
internal static class EnsemblePipelineExporter
{
    /// <summary>The opset the merged graph declares: that of the network exports.</summary>
    private const int Opset = PipelineOnnxExporter.Opset;

    // Default-domain operators whose meaning on these graphs is the same from opset 11 to 17: a converted classic
    // trainer written at an older opset may join networks at 17 only when it uses nothing else.
    private static readonly HashSet<string> StableOperators = new(StringComparer.Ordinal)
    {
        "Identity", "Cast", "Mul", "Add", "Sub", "Div", "Sigmoid", "Exp", "Log", "Concat", "Sum", "Reshape", "Abs", "Less",
        "Greater", "Where", "MatMul", "Gemm", "Max", "Min", "Neg", "Relu", "Tanh", "Not", "Equal", "Transpose", "Flatten",
        "Clip", "ArgMax", "ArgMin",
    };

    // Operators whose "axes" moved from an attribute to a second input at opset 13, with the same meaning otherwise.
    private const int AxesAsInputOpset = 13;
    private static readonly HashSet<string> AxesAsInput = new(StringComparer.Ordinal) { "Unsqueeze", "Squeeze", "ReduceSum" };

    /// <summary>
    /// Rewrites the <see cref="AxesAsInput"/> nodes of a graph written before opset 13 to the later form: the "axes"
    /// attribute becomes an int64 initializer read as the second input (ML.NET's converter writes a multiclass linear
    /// model's Unsqueeze at opset 11).
    /// </summary>
    private static void MoveAxesToInputs(GraphProto graph)
    {
        foreach (var node in graph.Node.Where(n => n.Domain.Length == 0 && AxesAsInput.Contains(n.OpType)))
        {
            if (node.Attribute.FirstOrDefault(a => a.Name == "axes") is not { } axes)
            {
                continue; // Squeeze or ReduceSum of every axis: the same without the input
            }

            string name = $"{node.Output[0]}_axes";
            graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)OnnxElementType.Int64, Dims = { axes.Ints.Count }, Int64Data = { axes.Ints } });
            node.Input.Add(name);
            node.Attribute.Remove(axes);
        }
    }

    public static byte[] Export(MLContext ml, DataFileLayout layout, EnsembleChoice ensemble, NasTaskKind task, IReadOnlyList<string> classNames)
    {
        int width = task == NasTaskKind.MulticlassClassification ? classNames.Count : 1;
        var onnx = new OnnxGraphBuilder("mlnetnas_ensemble_pipeline", Opset);
        var features = new List<string>();
        foreach (var member in ensemble.Members)
        {
            features.Add(PipelineOnnxExporter.Featurize(ml, onnx, member.Data.Featurizer, layout, Experiment.Candidates.CandidateContext.FeatureColumn, FeatureCount(member)));
        }

        onnx.AddOutput(features[0], OnnxElementType.Float, -1, features.Count);
        var model = onnx.ToModel("MlNetNas", $"{task}: an ensemble of {ensemble.Members.Count} models, raw columns to predictions", new Dictionary<string, string> { ["mlnetnas.task"] = task.ToString() });
        var graph = model.Graph;
        graph.Output.Clear();
        double total = ensemble.Weights.Sum();
        var weighted = new List<string>();
        for (int m = 0; m < ensemble.Members.Count; m++)
        {
            var member = ensemble.Members[m];
            string prefix = $"m{m}_";
            string output = member.Network is { } network
                ? Append(model, prefix, ModelProto.Parser.ParseFrom(network.Bytes), network.InputName, features[m], network.OutputName)
                : Append(model, prefix, Converted(ml, member.Model!, member), Experiment.Candidates.CandidateContext.FeatureColumn, features[m],
                    (task == NasTaskKind.BinaryClassification ? "Probability" : "Score") + ".output");
            if (member.Network is not null && task == NasTaskKind.BinaryClassification)
            {
                output = Node(graph, "Sigmoid", prefix + "probability", output);
            }

            string weight = prefix + "weight";
            graph.Initializer.Add(new TensorProto { Name = weight, DataType = (int)OnnxElementType.Float, FloatData = { (float)(ensemble.Weights[m] / total) } });
            weighted.Add(Node(graph, "Mul", prefix + "weighted", output, weight));
        }

        string mean = Node(graph, "Sum", "ensemble_mean", [.. weighted]);
        Head(graph, task, mean, width, classNames);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    /// <summary>How many features the member's model reads.</summary>
    private static int FeatureCount(EnsembleMember member) =>
        member.Network?.InputWidth ?? (member.Data.Train.Schema[Experiment.Candidates.CandidateContext.FeatureColumn].Type is VectorDataViewType { Size: > 0 } v ? v.Size : 0);

    /// <summary>ML.NET's converter on the member's trainer alone, over a data view of its features.</summary>
    private static ModelProto Converted(MLContext ml, ITransformer trainer, EnsembleMember member)
    {
        var converted = TrainerOnnxConverter.Convert(ml, trainer, FeatureCount(member), Experiment.Candidates.CandidateContext.FeatureColumn, $"member trial {member.TrialId} ({member.Trainer})");
        if (converted.OpsetImport.FirstOrDefault(o => o.Domain.Length == 0) is { Version: < 11 } old)
        {
            throw new NotSupportedException($"ML.NET's converter wrote member trial {member.TrialId} ({member.Trainer}) at opset {old.Version}; the ensemble needs 11 or later");
        }

        if (converted.OpsetImport.First(o => o.Domain.Length == 0).Version < AxesAsInputOpset)
        {
            MoveAxesToInputs(converted.Graph);
        }

        var unstable = converted.Graph.Node.Where(n => n.Domain.Length == 0 && !StableOperators.Contains(n.OpType) && !AxesAsInput.Contains(n.OpType)).Select(n => n.OpType).Distinct().ToArray();
        if (unstable.Length > 0)
        {
            throw new NotSupportedException($"member trial {member.TrialId} ({member.Trainer}) converts with {string.Join(", ", unstable)} at an older opset than the networks'");
        }

        return converted;
    }

    /// <summary>Appends a member's graph under <paramref name="prefix"/>: its input reads <paramref name="features"/>; returns the renamed <paramref name="outputName"/>.</summary>
    private static string Append(ModelProto model, string prefix, ModelProto member, string inputName, string features, string outputName)
    {
        string Rename(string name) => name.Length == 0 ? name : name == inputName ? features : prefix + name;
        OnnxGraphCopy.Initializers(member.Graph, model.Graph, Rename);
        model.Graph.Node.AddRange(member.Graph.Node.Select(n => OnnxGraphCopy.Node(n, prefix, Rename)));
        foreach (var opset in member.OpsetImport.Where(o => o.Domain.Length > 0))
        {
            var mine = model.OpsetImport.FirstOrDefault(o => o.Domain == opset.Domain);
            if (mine is null)
            {
                model.OpsetImport.Add(opset.Clone());
            }
            else
            {
                mine.Version = Math.Max(mine.Version, opset.Version);
            }
        }

        return Rename(outputName);
    }

    /// <summary>ML.NET's output columns from the mean: class names by argmax, or the logit of the mean probability and its sign, or the value.</summary>
    private static void Head(GraphProto graph, NasTaskKind task, string mean, int width, IReadOnlyList<string> classNames)
    {
        switch (task)
        {
            case NasTaskKind.MulticlassClassification:
            {
                Strings(graph, "head_class_names", classNames);
                string index = Node(graph, "ArgMax", "argmax", [mean], ("axis", 1), ("keepdims", 1));
                Node(graph, "Gather", "PredictedLabel", "head_class_names", index);
                Node(graph, "Identity", "Score", mean);
                Output(graph, "PredictedLabel", OnnxElementType.String, 1);
                Output(graph, "Score", OnnxElementType.Float, width);
                break;
            }

            case NasTaskKind.BinaryClassification:
            {
                // As the ML.NET ensemble: the mean probability kept off 0 and 1, its logit as Score, the sign of the logit as the label.
                graph.Initializer.Add(new TensorProto { Name = "head_low", DataType = (int)OnnxElementType.Float, FloatData = { 1e-7f } });
                graph.Initializer.Add(new TensorProto { Name = "head_high", DataType = (int)OnnxElementType.Float, FloatData = { 1 - 1e-7f } });
                graph.Initializer.Add(new TensorProto { Name = "head_one", DataType = (int)OnnxElementType.Float, FloatData = { 1f } });
                graph.Initializer.Add(new TensorProto { Name = "head_zero", DataType = (int)OnnxElementType.Float, FloatData = { 0f } });
                string p = Node(graph, "Min", "clipped", Node(graph, "Max", "floored", mean, "head_low"), "head_high");
                string logit = Node(graph, "Sub", "Score", Node(graph, "Log", "log_p", p), Node(graph, "Log", "log_q", Node(graph, "Sub", "q", "head_one", p)));
                Node(graph, "Sigmoid", "Probability", logit);
                Strings(graph, "head_class_names", classNames.Count == 2 ? classNames : ["False", "True"]);
                string index = Node(graph, "Cast", "label_index", [Node(graph, "Greater", "positive", logit, "head_zero")], ("to", (long)OnnxElementType.Int64));
                Node(graph, "Gather", "PredictedLabel", "head_class_names", index);
                Output(graph, "PredictedLabel", OnnxElementType.String, 1);
                Output(graph, "Score", OnnxElementType.Float, 1);
                Output(graph, "Probability", OnnxElementType.Float, 1);
                break;
            }

            default:
                Node(graph, "Identity", "Score", mean);
                Output(graph, "Score", OnnxElementType.Float, 1);
                break;
        }
    }

    private static string Node(GraphProto graph, string op, string output, params string[] inputs) => Node(graph, op, output, inputs, []);

    private static string Node(GraphProto graph, string op, string output, string[] inputs, params (string Name, long Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = "head_" + output, Output = { output } };
        node.Input.AddRange(inputs);
        node.Attribute.AddRange(attributes.Select(a => new AttributeProto { Name = a.Name, Type = AttributeProto.Types.AttributeType.Int, I = a.Value }));
        graph.Node.Add(node);
        return output;
    }

    private static void Strings(GraphProto graph, string name, IReadOnlyList<string> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)OnnxElementType.String, Dims = { values.Count } };
        tensor.StringData.Add(values.Select(Google.Protobuf.ByteString.CopyFromUtf8));
        graph.Initializer.Add(tensor);
    }

    private static void Output(GraphProto graph, string name, OnnxElementType type, int width) => graph.Output.Add(new ValueInfoProto
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" }, new TensorShapeProto.Types.Dimension { DimValue = width } } } } },
    });
}
