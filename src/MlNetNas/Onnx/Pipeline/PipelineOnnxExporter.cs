using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Onnx.Proto;
using MlNetNas.Trainers;

namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// One ONNX graph from the raw columns of the training file to ML.NET's answers: the featurizer lowered slot by slot
/// (<see cref="FeaturizerProbe"/>: missing or non-finite values replaced, affine scaling, missing-value indicators,
/// one-hot categories), the network as exported, and the head (<c>PredictedLabel</c> in the label's own values,
/// <c>Score</c>, and for two classes <c>Probability</c>). Inputs: one <c>[N, 1]</c> tensor per column, named as in the
/// file (float for numbers, string for categories). Any runtime that reads ONNX scores it with no ML.NET at all.
/// </summary>
public static class PipelineOnnxExporter
{
    /// <summary>The opset of the graph: 19 compares strings with <c>Equal</c>.</summary>
    public const int Opset = 19;

    private const string NetworkOutput = "net_output";
    private const string NetworkPrefix = "net_";

    /// <summary>The whole pipeline of a model.zip written by MlNetNas whose winner is a network (read from the zip's layout, serving manifest and network).</summary>
    /// <exception cref="NotSupportedException">The winner is not a network, or the zip predates these entries, or a featurizer step has no lowering.</exception>
    public static byte[] Export(MLContext ml, string modelZip)
    {
        var layout = ModelInputFile.ReadLayout(modelZip) ?? throw new NotSupportedException("the model.zip holds no column layout (an image model, or an older one)");
        using var zip = System.IO.Compression.ZipFile.OpenRead(modelZip);
        var manifestEntry = zip.GetEntry(Serving.ServingManifest.Entry) ?? throw new NotSupportedException("the model.zip holds no serving manifest (written by an older version)");
        var networkEntry = zip.GetEntry(Serving.ServingManifest.NetworkEntry) ?? throw new NotSupportedException("the winner is not a single network (trees, linear models and mixed ensembles go through ML.NET's own converter next)");
        var manifest = Serving.ServingManifest.FromJson(new StreamReader(manifestEntry.Open()).ReadToEnd());
        using var bytes = new MemoryStream();
        networkEntry.Open().CopyTo(bytes);
        var net = ModelProto.Parser.ParseFrom(bytes.ToArray());
        int Width(ValueInfoProto v) => (int)v.Type.TensorType.Shape.Dim[^1].DimValue;
        var export = new NetworkOnnxExport(bytes.ToArray(), net.Graph.Input[0].Name, net.Graph.Output[0].Name, Width(net.Graph.Input[0]), Width(net.Graph.Output[0]));
        var featurizer = Serving.NasModel.FeaturizerOf(ml.Model.Load(modelZip, out _));
        return Export(ml, featurizer, layout, export, manifest.Task, manifest.ClassNames);
    }

    /// <summary>The whole pipeline's ONNX bytes.</summary>
    /// <exception cref="NotSupportedException">The featurizer has a step with no lowering here (the message says which).</exception>
    public static byte[] Export(MLContext ml, ITransformer featurizer, DataFileLayout layout, NetworkOnnxExport network, NasTaskKind task, IReadOnlyList<string> classNames)
    {
        var slots = FeaturizerProbe.Read(ml, featurizer, layout, network.InputName);
        if (slots.Count != network.InputWidth)
        {
            throw new NotSupportedException($"the featurizer writes {slots.Count} features but the network reads {network.InputWidth}");
        }

        var numeric = layout.LoadedColumns.Where(c => c.Purpose == ColumnPurpose.Numeric).ToArray();
        var categorical = layout.LoadedColumns.Where(c => c.Purpose == ColumnPurpose.Categorical).ToArray();
        var onnx = new OnnxGraphBuilder("mlnetnas_pipeline", Opset);
        var groups = new List<(string Value, int[] Slots)>();
        if (numeric.Length > 0)
        {
            var inputs = numeric.Select(c => onnx.AddInput(c.Name, OnnxElementType.Float, -1, 1)).ToArray();
            string x = inputs.Length == 1 ? inputs[0] : onnx.AddNode("Concat", inputs, new Dictionary<string, object> { ["axis"] = 1L }, "numeric");
            // TextLoader reads "Infinity" as ∞ and the featurizer treats it as missing, like NaN: |x| <= float.MaxValue fails for both.
            string finite = onnx.AddNode("LessOrEqual", [onnx.AddNode("Abs", [x]), onnx.AddInitializer("max_float", [float.MaxValue])], outputNameHint: "finite");
            string safe = onnx.AddNode("Where", [finite, x, onnx.AddInitializer("zero", [0f])], outputNameHint: "numeric_safe");
            Affine(onnx, groups, slots, FeatureSlotKind.Numeric, safe, finite, "scaled");
            Affine(onnx, groups, slots, FeatureSlotKind.MissingIndicator, safe, finite, "indicator");
        }

        for (int c = 0; c < categorical.Length; c++)
        {
            int[] mine = [.. Enumerable.Range(0, slots.Count).Where(j => slots[j].Kind == FeatureSlotKind.Category && slots[j].Column == c)];
            string input = onnx.AddInput(categorical[c].Name, OnnxElementType.String, -1, 1);
            if (mine.Length == 0)
            {
                continue;
            }

            // Cells are trimmed by neither side: ML.NET's one-hot compares the text as loaded, and so does Equal.
            string values = onnx.AddStringInitializer($"categories_{c}", [.. mine.Select(j => slots[j].Category!)], mine.Length);
            string hot = onnx.AddNode("Cast", [onnx.AddNode("Equal", [input, values])], new Dictionary<string, object> { ["to"] = (long)OnnxElementType.Float }, $"onehot_{c}");
            groups.Add((hot, mine));
        }

        int[] constants = [.. Enumerable.Range(0, slots.Count).Where(j => slots[j].Kind == FeatureSlotKind.Constant)];
        if (constants.Length > 0)
        {
            // Constant slots, broadcast to the batch: zeros of shape [N, k] plus the constants.
            string batch = onnx.AddNode("Slice", [onnx.AddNode("Shape", [onnx.InputNames[0]]), onnx.AddInitializer("batch_start", [0L], 1), onnx.AddInitializer("batch_end", [1L], 1)]);
            string shape = onnx.AddNode("Concat", [batch, onnx.AddInitializer("constant_width", [(long)constants.Length], 1)], new Dictionary<string, object> { ["axis"] = 0L });
            string filled = onnx.AddNode("Add", [onnx.AddNode("ConstantOfShape", [shape]), onnx.AddInitializer("constants", [.. constants.Select(j => slots[j].Offset)], 1, constants.Length)], outputNameHint: "constant_slots");
            groups.Add((filled, constants));
        }

        // Features in the featurizer's slot order: the groups side by side, then one Gather that puts every slot in its place.
        string stacked = groups.Count == 1 ? groups[0].Value : onnx.AddNode("Concat", [.. groups.Select(g => g.Value)], new Dictionary<string, object> { ["axis"] = 1L }, "stacked");
        int[] order = [.. groups.SelectMany(g => g.Slots)];
        long[] inverse = new long[order.Length];
        for (int p = 0; p < order.Length; p++)
        {
            inverse[order[p]] = p;
        }

        string features = onnx.AddNode("Gather", [stacked, onnx.AddInitializer("slot_order", inverse, inverse.Length)], new Dictionary<string, object> { ["axis"] = 1L }, "features");
        int featurizerNodes = onnx.NodeCount;
        string output = onnx.AddInput(NetworkOutput, OnnxElementType.Float, -1, network.OutputWidth);
        Head(onnx, task, output, classNames);
        var model = onnx.ToModel("MlNetNas", $"{task}: raw columns to predictions", new Dictionary<string, string> { ["mlnetnas.task"] = task.ToString() });
        Splice(model, featurizerNodes, features, network);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    /// <summary>The slots of one kind: <c>where(finite, slope × x + offset, missing)</c> on the columns they read.</summary>
    private static void Affine(OnnxGraphBuilder onnx, List<(string, int[])> groups, IReadOnlyList<FeatureSlot> slots, FeatureSlotKind kind, string safe, string finite, string name)
    {
        int[] mine = [.. Enumerable.Range(0, slots.Count).Where(j => slots[j].Kind == kind)];
        if (mine.Length == 0)
        {
            return;
        }

        long[] columns = [.. mine.Select(j => (long)slots[j].Column)];
        var axis = new Dictionary<string, object> { ["axis"] = 1L };
        string x = onnx.AddNode("Gather", [safe, onnx.AddInitializer($"{name}_columns", columns, columns.Length)], axis);
        string ok = onnx.AddNode("Gather", [finite, onnx.AddInitializer($"{name}_finite_columns", columns, columns.Length)], axis);
        string value = onnx.AddNode("Add", [onnx.AddNode("Mul", [x, onnx.AddInitializer($"{name}_slope", [.. mine.Select(j => slots[j].Slope)], 1, mine.Length)]),
            onnx.AddInitializer($"{name}_offset", [.. mine.Select(j => slots[j].Offset)], 1, mine.Length)]);
        groups.Add((onnx.AddNode("Where", [ok, value, onnx.AddInitializer($"{name}_missing", [.. mine.Select(j => slots[j].Missing)], 1, mine.Length)], outputNameHint: name), mine));
    }

    /// <summary>ML.NET's output columns from the network's output: class names by argmax (multiclass), by the logit's sign with a sigmoid probability (binary), or the value.</summary>
    private static void Head(OnnxGraphBuilder onnx, NasTaskKind task, string output, IReadOnlyList<string> classNames)
    {
        switch (task)
        {
            case NasTaskKind.MulticlassClassification:
            {
                string names = onnx.AddStringInitializer("class_names", [.. classNames], classNames.Count);
                string index = onnx.AddNode("ArgMax", [output], new Dictionary<string, object> { ["axis"] = 1L, ["keepdims"] = 1L });
                onnx.Rename(onnx.AddNode("Gather", [names, index]), "PredictedLabel");
                onnx.Rename(output, "Score");
                onnx.AddOutput("PredictedLabel", OnnxElementType.String, -1, 1);
                onnx.AddOutput("Score", OnnxElementType.Float, -1, classNames.Count);
                break;
            }

            case NasTaskKind.BinaryClassification:
            {
                string[] labels = classNames.Count == 2 ? [.. classNames] : ["False", "True"];
                string positive = onnx.AddNode("Cast", [onnx.AddNode("Greater", [output, onnx.AddInitializer("zero_logit", [0f])])], new Dictionary<string, object> { ["to"] = (long)OnnxElementType.Int64 });
                onnx.Rename(onnx.AddNode("Gather", [onnx.AddStringInitializer("class_names", labels, 2), positive]), "PredictedLabel");
                onnx.Rename(onnx.AddNode("Sigmoid", [output]), "Probability");
                onnx.Rename(output, "Score");
                onnx.AddOutput("PredictedLabel", OnnxElementType.String, -1, 1);
                onnx.AddOutput("Score", OnnxElementType.Float, -1, 1);
                onnx.AddOutput("Probability", OnnxElementType.Float, -1, 1);
                break;
            }

            default:
                onnx.Rename(output, "Score");
                onnx.AddOutput("Score", OnnxElementType.Float, -1, 1);
                break;
        }
    }

    /// <summary>Puts the network's nodes between the featurizer's and the head's, reading the features and writing the head's input.</summary>
    private static void Splice(ModelProto model, int featurizerNodes, string features, NetworkOnnxExport network)
    {
        var net = ModelProto.Parser.ParseFrom(network.Bytes);
        string Rename(string name) => name.Length == 0 ? name : name == network.InputName ? features : name == network.OutputName ? NetworkOutput : NetworkPrefix + name;
        var graph = model.Graph;
        graph.Input.Remove(graph.Input.Single(i => i.Name == NetworkOutput));
        foreach (var initializer in net.Graph.Initializer)
        {
            var copy = initializer.Clone();
            copy.Name = Rename(copy.Name);
            graph.Initializer.Add(copy);
        }

        var nodes = net.Graph.Node.Select(n =>
        {
            var copy = n.Clone();
            copy.Name = NetworkPrefix + copy.Name;
            for (int i = 0; i < copy.Input.Count; i++)
            {
                copy.Input[i] = Rename(copy.Input[i]);
            }

            for (int i = 0; i < copy.Output.Count; i++)
            {
                copy.Output[i] = Rename(copy.Output[i]);
            }

            return copy;
        }).ToArray();
        for (int i = 0; i < nodes.Length; i++)
        {
            graph.Node.Insert(featurizerNodes + i, nodes[i]);
        }
    }
}
