using Microsoft.ML;
using Microsoft.ML.Data;
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
    /// <summary>The opset of a network's pipeline (that of the network exports). A classic trainer's pipeline takes the converter's.</summary>
    public const int Opset = 17;

    private const string NetworkOutput = "net_output";
    private const string NetworkPrefix = "net_";
    private const string ConvertedPrefix = "cls_";

    /// <summary>The whole pipeline of a model.zip written by MlNetNas whose winner is a network (read from the zip's layout, serving manifest and network).</summary>
    /// <exception cref="NotSupportedException">The winner is not a network, or the zip predates these entries, or a featurizer step has no lowering.</exception>
    public static byte[] Export(MLContext ml, string modelZip)
    {
        var layout = ModelInputFile.ReadLayout(modelZip) ?? throw new NotSupportedException("the model.zip holds no column layout (an image model, or an older one)");
        using var zip = System.IO.Compression.ZipFile.OpenRead(modelZip);
        var manifestEntry = zip.GetEntry(Serving.ServingManifest.Entry) ?? throw new NotSupportedException("the model.zip holds no serving manifest (written by an older version)");
        var manifest = Serving.ServingManifest.FromJson(new StreamReader(manifestEntry.Open()).ReadToEnd());
        var loaded = ml.Model.Load(modelZip, out _);
        if (zip.GetEntry(Serving.ServingManifest.NetworkEntry) is not { } networkEntry)
        {
            return ExportClassic(ml, loaded, layout, manifest);
        }

        using var bytes = new MemoryStream();
        networkEntry.Open().CopyTo(bytes);
        var net = ModelProto.Parser.ParseFrom(bytes.ToArray());
        int Width(ValueInfoProto v) => (int)v.Type.TensorType.Shape.Dim[^1].DimValue;
        var export = new NetworkOnnxExport(bytes.ToArray(), net.Graph.Input[0].Name, net.Graph.Output[0].Name, Width(net.Graph.Input[0]), Width(net.Graph.Output[0]));
        var featurizer = Serving.NasModel.FeaturizerOf(loaded);
        return Export(ml, featurizer, layout, export, manifest.Task, manifest.ClassNames);
    }

    /// <summary>A classic winner's model.zip: the transformers before the trainer are the featurizer, the trainer and what follows go through the converter.</summary>
    private static byte[] ExportClassic(MLContext ml, ITransformer loaded, DataFileLayout layout, Serving.ServingManifest manifest)
    {
        string featureColumn = manifest.FeatureColumn;
        var leaves = TransformerLeaves.Of(loaded).ToList();
        if (leaves.Any(t => t is Microsoft.ML.Transforms.Onnx.OnnxTransformer))
        {
            throw new NotSupportedException("the winner is a mixed ensemble (its members' outputs are averaged by an ONNX step that ML.NET's converter cannot convert)");
        }

        int trainer = leaves.FindIndex(t => t.GetType().GetInterfaces().Any(i => i.Name.StartsWith("ISingleFeaturePredictionTransformer", StringComparison.Ordinal)));
        if (trainer <= 0)
        {
            throw new NotSupportedException("no trainer reading the features was found in the model.zip");
        }

        var featurizer = new TransformerChain<ITransformer>([.. leaves.Take(trainer)]);
        var sample = featurizer.Transform(layout.CreateLoader(ml).Load(new MultiFileSource(null)));
        int width = sample.Schema[featureColumn].Type is VectorDataViewType { Size: > 0 } vector ? vector.Size : throw new NotSupportedException($"'{featureColumn}' has no fixed width");
        // ML.NET's converter writes the in-place map of a binary PredictedLabel to the class names as a cycle (its output
        // feeds its own input): the map is left out and done here, from the class names.
        bool binaryNames = manifest.Task == NasTaskKind.BinaryClassification && manifest.ClassNames.Count == 2 && leaves[^1] is Microsoft.ML.Transforms.ValueMappingTransformer;
        var converted = new TransformerChain<ITransformer>([.. leaves.Skip(trainer).Take(leaves.Count - trainer - (binaryNames ? 1 : 0))]);
        return ExportClassic(ml, featurizer, layout, converted, width, featureColumn, binaryNames ? manifest.ClassNames : null);
    }

    /// <summary>The whole pipeline's ONNX bytes for a network on the featurizer's output.</summary>
    /// <exception cref="NotSupportedException">The featurizer has a step with no lowering here (the message says which).</exception>
    public static byte[] Export(MLContext ml, ITransformer featurizer, DataFileLayout layout, NetworkOnnxExport network, NasTaskKind task, IReadOnlyList<string> classNames)
    {
        var onnx = new OnnxGraphBuilder("mlnetnas_pipeline", Opset);
        string features = Featurize(ml, onnx, featurizer, layout, network.InputName, network.InputWidth);
        int featurizerNodes = onnx.NodeCount;
        string output = onnx.AddInput(NetworkOutput, OnnxElementType.Float, -1, network.OutputWidth);
        Head(onnx, task, output, classNames);
        var model = onnx.ToModel("MlNetNas", $"{task}: raw columns to predictions", new Dictionary<string, string> { ["mlnetnas.task"] = task.ToString() });
        Splice(model, featurizerNodes, features, network);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    /// <summary>
    /// The whole pipeline's ONNX bytes for a classic trainer on the featurizer's output: <paramref name="trainer"/> (the
    /// trainer's transformer and the map of its predicted label back to the label's values) goes through ML.NET's own
    /// ONNX converter on a data view of the features alone, and is spliced after the lowered featurizer.
    /// <paramref name="binaryClassNames"/>, for a binary trainer, names the false and the true class that its Boolean
    /// PredictedLabel reads as.
    /// </summary>
    public static byte[] ExportClassic(MLContext ml, ITransformer featurizer, DataFileLayout layout, ITransformer trainer, int featureCount, string featureColumn, IReadOnlyList<string>? binaryClassNames = null)
    {
        var onnx = new OnnxGraphBuilder("mlnetnas_pipeline", Opset);
        string features = Featurize(ml, onnx, featurizer, layout, featureColumn, featureCount);
        onnx.AddOutput(features, OnnxElementType.Float, -1, featureCount);
        var model = onnx.ToModel("MlNetNas", "raw columns to predictions (a classic trainer)", null);
        var converted = TrainerOnnxConverter.Convert(ml, trainer, featureCount, featureColumn, "the trainer");
        SpliceConverted(model, features, featureColumn, converted, binaryClassNames);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    /// <summary>The graph input of a column, declared on first use (several featurizers of an ensemble read the same columns).</summary>
    private static string InputOf(OnnxGraphBuilder onnx, string column, OnnxElementType type) =>
        onnx.HasValue(column) ? column : onnx.AddInput(column, type, -1, 1);

    /// <summary>Declares the columns it reads as inputs and lowers the featurizer; returns the value holding the features.</summary>
    internal static string Featurize(MLContext ml, OnnxGraphBuilder onnx, ITransformer featurizer, DataFileLayout layout, string featureColumn, int featureCount)
    {
        var slots = FeaturizerProbe.Read(ml, featurizer, layout, featureColumn);
        if (slots.Count != featureCount)
        {
            throw new NotSupportedException($"the featurizer writes {slots.Count} features but the model reads {featureCount}");
        }
        var numeric = layout.LoadedColumns.Where(c => c.Purpose == ColumnPurpose.Numeric).ToArray();
        var categorical = layout.LoadedColumns.Where(c => c.Purpose == ColumnPurpose.Categorical).ToArray();
        var groups = new List<(string Value, int[] Slots)>();
        if (numeric.Length > 0)
        {
            var inputs = numeric.Select(c => InputOf(onnx, c.Name, OnnxElementType.Float)).ToArray();
            string x = inputs.Length == 1 ? inputs[0] : onnx.AddNode("Concat", inputs, new Dictionary<string, object> { ["axis"] = 1L }, "numeric");
            // TextLoader reads "Infinity" as ∞ and the featurizer treats it as missing, like NaN: |x| < ∞ fails for both.
            string finite = onnx.AddNode("Less", [onnx.AddNode("Abs", [x]), onnx.AddInitializer("infinity", [float.PositiveInfinity])], outputNameHint: "finite");
            string safe = onnx.AddNode("Where", [finite, x, onnx.AddInitializer("zero", [0f])], outputNameHint: "numeric_safe");
            Affine(onnx, groups, slots, FeatureSlotKind.Numeric, safe, finite, "scaled");
            Affine(onnx, groups, slots, FeatureSlotKind.MissingIndicator, safe, finite, "indicator");
        }

        for (int c = 0; c < categorical.Length; c++)
        {
            int[] mine = [.. Enumerable.Range(0, slots.Count).Where(j => slots[j].Kind == FeatureSlotKind.Category && slots[j].Column == c)];
            string input = InputOf(onnx, categorical[c].Name, OnnxElementType.String);
            if (mine.Length == 0)
            {
                continue;
            }

            // Cells are trimmed by neither side: ML.NET's one-hot compares the text as loaded, and so does OneHotEncoder;
            // an unseen value gives zeros in both.
            string encoded = onnx.AddMlNode("OneHotEncoder", [input], new Dictionary<string, object> { ["cats_strings"] = mine.Select(j => slots[j].Category!).ToArray(), ["zeros"] = 1L }, $"onehot3d_{c}");
            string hot = onnx.AddNode("Reshape", [encoded, onnx.AddInitializer($"onehot_shape_{c}", [-1L, mine.Length], 2)], outputNameHint: $"onehot_{c}");
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
        return features;
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
        OnnxGraphCopy.Initializers(net.Graph, graph, Rename);
        var nodes = net.Graph.Node.Select(n => OnnxGraphCopy.Node(n, NetworkPrefix, Rename)).ToArray();
        for (int i = 0; i < nodes.Length; i++)
        {
            graph.Node.Insert(featurizerNodes + i, nodes[i]);
        }
    }

    /// <summary>Appends a graph from ML.NET's converter: its "Features" input reads <paramref name="features"/>; its outputs become PredictedLabel, Score, Probability.</summary>
    private static void SpliceConverted(ModelProto model, string features, string featureColumn, ModelProto converted, IReadOnlyList<string>? binaryClassNames)
    {
        var graph = model.Graph;
        graph.Output.Clear();
        string input = converted.Graph.Input.Single(i => i.Name == featureColumn).Name;
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in new[] { "PredictedLabel", "Score", "Probability" })
        {
            if (converted.Graph.Output.FirstOrDefault(o => o.Name == name + ".output") is { } output)
            {
                outputs[output.Name] = name;
                var declared = output.Clone();
                declared.Name = name;
                graph.Output.Add(declared);
            }
        }

        string Rename(string name) => name.Length == 0 ? name : name == input ? features : outputs.TryGetValue(name, out string? final) ? final : ConvertedPrefix + name;
        OnnxGraphCopy.Initializers(converted.Graph, graph, Rename);
        graph.Node.AddRange(converted.Graph.Node.Select(n => OnnxGraphCopy.Node(n, ConvertedPrefix, Rename)));

        if (binaryClassNames is not null)
        {
            // The Boolean label as an index into the two class names.
            const string flag = ConvertedPrefix + "predicted_flag", index = ConvertedPrefix + "predicted_index", names = ConvertedPrefix + "class_names";
            var label = graph.Node.Single(n => n.Output.Contains("PredictedLabel"));
            label.Output[label.Output.IndexOf("PredictedLabel")] = flag;
            var table = new TensorProto { Name = names, DataType = (int)OnnxElementType.String, Dims = { 2 } };
            table.StringData.Add(binaryClassNames.Select(Google.Protobuf.ByteString.CopyFromUtf8));
            graph.Initializer.Add(table);
            graph.Node.Add(new NodeProto { OpType = "Cast", Name = index, Input = { flag }, Output = { index }, Attribute = { new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)OnnxElementType.Int64 } } });
            graph.Node.Add(new NodeProto { OpType = "Gather", Name = ConvertedPrefix + "class_name", Input = { names, index }, Output = { "PredictedLabel" } });
            var declared = graph.Output.Single(o => o.Name == "PredictedLabel");
            declared.Type.TensorType.ElemType = (int)OnnxElementType.String;
        }

        // The converter writes an older opset (Unsqueeze with an axes attribute, …): the model takes its versions. The
        // featurizer's operators (Abs, Less, Where, Gather, Slice and Concat with inputs, Reshape, Cast, ConstantOfShape,
        // OneHotEncoder) mean the same from opset 11 on.
        foreach (var opset in converted.OpsetImport)
        {
            var mine = model.OpsetImport.FirstOrDefault(o => o.Domain == opset.Domain);
            if (opset.Domain.Length == 0 && opset.Version < 11)
            {
                throw new NotSupportedException($"ML.NET's converter wrote opset {opset.Version}; the lowered featurizer needs 11 or later");
            }

            if (mine is null)
            {
                model.OpsetImport.Add(opset.Clone());
            }
            else
            {
                mine.Version = Math.Max(opset.Domain.Length == 0 ? 0 : mine.Version, opset.Version);
            }
        }
    }
}
