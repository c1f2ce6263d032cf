using System.Globalization;
using Google.Protobuf;
using MlNetNas.Onnx.Proto;

namespace MlNetNas.Onnx;

/// <summary>
/// Builds a single ONNX graph (default domain only) node by node and serializes it as an ONNX model.
/// Names are checked as the graph grows, so a bad graph fails here with a clear message
/// rather than later inside ONNX Runtime.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The symbolic name written for the first dynamic (<c>-1</c>) dimension of a shape, normally the batch.</summary>
    public const string DynamicDimensionName = "N";

    /// <summary>The domain of ONNX's classic machine-learning operators.</summary>
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>The lowest opset this builder writes.</summary>
    public const int MinOpset = 13;

    /// <summary>The highest opset this builder writes (ONNX Runtime 1.31 loads it).</summary>
    public const int MaxOpset = 23;

    private readonly GraphProto graph;
    private bool usesMlDomain;

    // Every value name that a node may read: graph inputs, initializers and node outputs.
    private readonly HashSet<string> values = new(StringComparer.Ordinal);

    // Element types known without shape inference (inputs and initializers), to catch mismatched outputs early.
    private readonly Dictionary<string, OnnxElementType> knownTypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> outputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> nodeNames = new(StringComparer.Ordinal);

    /// <summary>Creates an empty graph.</summary>
    /// <param name="graphName">The graph's name in the model.</param>
    /// <param name="opset">The default-domain opset version (between <see cref="MinOpset"/> and <see cref="MaxOpset"/>).</param>
    public OnnxGraphBuilder(string graphName = "mlnetnas", int opset = 17)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        IrVersion = IrVersionForOpset(opset);
        Opset = opset;
        graph = new GraphProto { Name = graphName };
    }

    /// <summary>The default-domain opset version written in the model.</summary>
    public int Opset { get; }

    /// <summary>The ONNX IR version written in the model, chosen from <see cref="Opset"/>.</summary>
    public int IrVersion { get; }

    /// <summary>The graph's name.</summary>
    public string GraphName => graph.Name;

    /// <summary>How many nodes the graph holds so far.</summary>
    public int NodeCount => graph.Node.Count;

    /// <summary>Names of the graph inputs, in declaration order.</summary>
    public IReadOnlyList<string> InputNames => graph.Input.Select(v => v.Name).ToArray();

    /// <summary>Names of the graph outputs, in declaration order.</summary>
    public IReadOnlyList<string> OutputNames => graph.Output.Select(v => v.Name).ToArray();

    /// <summary>Whether <paramref name="name"/> is a value a node can read (input, initializer or node output).</summary>
    public bool HasValue(string name) => values.Contains(name);

    /// <summary>
    /// The IR version that goes with an opset, following the ONNX release table
    /// (opset ≤ 18 → 8, 19–20 → 9, 21–22 → 10, 23 → 11). Opsets 13–14 could use IR 7,
    /// but IR 8 loads everywhere the builder targets and keeps one code path.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside <see cref="MinOpset"/>..<see cref="MaxOpset"/>.</exception>
    public static int IrVersionForOpset(int opset) => opset switch
    {
        >= MinOpset and <= 18 => 8,
        19 or 20 => 9,
        21 or 22 => 10,
        23 => 11,
        _ => throw new ArgumentOutOfRangeException(
            nameof(opset), opset, $"Opset {opset} is not supported; expected {MinOpset} to {MaxOpset}."),
    };

    /// <summary>Declares a graph input with exactly this name.</summary>
    /// <param name="name">The input's name (kept exactly).</param>
    /// <param name="type">Element type.</param>
    /// <param name="shape">Dimensions; <c>-1</c> marks a dynamic dimension (the first one is written as <c>dim_param "N"</c>).</param>
    /// <returns><paramref name="name"/>.</returns>
    public string AddInput(string name, OnnxElementType type, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        CheckElementType(type, nameof(type));
        if (values.Contains(name))
        {
            throw new InvalidOperationException(
                $"Cannot add input '{name}': graph '{graph.Name}' already has a value with that name.");
        }

        graph.Input.Add(ValueInfo(name, type, shape, nameof(shape)));
        values.Add(name);
        knownTypes[name] = type;
        return name;
    }

    /// <summary>Declares an existing value as a graph output. Every output carries a declared shape.</summary>
    /// <param name="name">A graph input, initializer or node output.</param>
    /// <param name="type">Element type.</param>
    /// <param name="shape">Dimensions; <c>-1</c> marks a dynamic dimension. An empty shape declares a scalar.</param>
    public void AddOutput(string name, OnnxElementType type, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        CheckElementType(type, nameof(type));
        if (!values.Contains(name))
        {
            throw new InvalidOperationException(
                $"Cannot declare output '{name}': no input, initializer or node output of graph '{graph.Name}' has that name.");
        }

        if (!outputs.Add(name))
        {
            throw new InvalidOperationException($"'{name}' is already an output of graph '{graph.Name}'.");
        }

        if (knownTypes.TryGetValue(name, out var known) && known != type)
        {
            outputs.Remove(name);
            throw new InvalidOperationException(
                $"Output '{name}' is declared as {type} but the value is {known}.");
        }

        graph.Output.Add(ValueInfo(name, type, shape, nameof(shape)));
    }

    /// <summary>Adds a constant float tensor.</summary>
    /// <param name="nameHint">Preferred name; a suffix is added if it is taken.</param>
    /// <param name="data">Values in row-major order.</param>
    /// <param name="dims">Dimensions; their product must equal the data length (empty for a scalar).</param>
    /// <returns>The initializer's unique name.</returns>
    public string AddInitializer(string nameHint, float[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        var tensor = NewTensor(OnnxElementType.Float, data.Length, dims);
        tensor.FloatData.AddRange(data);
        return AddInitializer(nameHint, tensor, OnnxElementType.Float);
    }

    /// <summary>Adds a constant 64-bit integer tensor.</summary>
    /// <param name="nameHint">Preferred name; a suffix is added if it is taken.</param>
    /// <param name="data">Values in row-major order.</param>
    /// <param name="dims">Dimensions; their product must equal the data length (empty for a scalar).</param>
    /// <returns>The initializer's unique name.</returns>
    public string AddInitializer(string nameHint, long[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        var tensor = NewTensor(OnnxElementType.Int64, data.Length, dims);
        tensor.Int64Data.AddRange(data);
        return AddInitializer(nameHint, tensor, OnnxElementType.Int64);
    }

    /// <summary>Adds a constant string tensor (for example class names to gather from).</summary>
    /// <param name="nameHint">Preferred name; a suffix is added if it is taken.</param>
    /// <param name="data">Values in row-major order; none may be null.</param>
    /// <param name="dims">Dimensions; their product must equal the data length (empty for a scalar).</param>
    /// <returns>The initializer's unique name.</returns>
    public string AddStringInitializer(string nameHint, string[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        var tensor = NewTensor(OnnxElementType.String, data.Length, dims);
        for (var k = 0; k < data.Length; k++)
        {
            if (data[k] is null)
            {
                throw new ArgumentException($"String initializer '{nameHint}' has a null element at index {k}.", nameof(data));
            }

            tensor.StringData.Add(ByteString.CopyFromUtf8(data[k]));
        }

        return AddInitializer(nameHint, tensor, OnnxElementType.String);
    }

    /// <summary>Adds a default-domain node with one output.</summary>
    /// <param name="opType">The ONNX operator, for example <c>Gemm</c>.</param>
    /// <param name="inputs">Values read, in operator order; <c>""</c> skips an optional input.</param>
    /// <param name="attributes">
    /// Attribute values by name: int/long → INT, float/double → FLOAT, string → STRING,
    /// int[]/long[] → INTS, float[]/double[] → FLOATS, string[] → STRINGS.
    /// </param>
    /// <param name="outputNameHint">Preferred output name; defaults to the lower-cased operator.</param>
    /// <returns>The output's unique name.</returns>
    public string AddNode(
        string opType,
        IReadOnlyList<string> inputs,
        IReadOnlyDictionary<string, object>? attributes = null,
        string? outputNameHint = null)
        => AddNode(opType, inputs, 1, attributes, outputNameHint)[0];

    /// <summary>Adds a default-domain node with several outputs (for example <c>TopK</c> or <c>Split</c>).</summary>
    /// <param name="opType">The ONNX operator.</param>
    /// <param name="inputs">Values read, in operator order; <c>""</c> skips an optional input.</param>
    /// <param name="outputCount">How many outputs the node produces (at least one).</param>
    /// <param name="attributes">Attribute values by name, mapped as in the single-output overload.</param>
    /// <param name="outputNameHint">Preferred output name stem; outputs get <c>_0</c>, <c>_1</c>, … when there are several.</param>
    /// <returns>The outputs' unique names, in order.</returns>
    public IReadOnlyList<string> AddNode(
        string opType,
        IReadOnlyList<string> inputs,
        int outputCount,
        IReadOnlyDictionary<string, object>? attributes = null,
        string? outputNameHint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);

        var nodeName = UniqueNodeName(opType);
        foreach (var input in inputs)
        {
            if (input is null)
            {
                throw new ArgumentException($"Node '{nodeName}' ({opType}) has a null input; use \"\" to skip an optional input.", nameof(inputs));
            }

            if (input.Length > 0 && !values.Contains(input))
            {
                throw new InvalidOperationException(
                    $"Node '{nodeName}' ({opType}) reads '{input}', which is not an input, initializer or earlier node output of graph '{graph.Name}'.");
            }
        }

        // Convert attributes before touching the graph so a bad attribute leaves it unchanged.
        var node = new NodeProto { Name = nodeName, OpType = opType };
        node.Input.AddRange(inputs);
        if (attributes is not null)
        {
            foreach (var (name, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                node.Attribute.Add(ToAttribute(nodeName, name, value));
            }
        }

        var stem = string.IsNullOrWhiteSpace(outputNameHint) ? opType.ToLowerInvariant() : outputNameHint;
        var names = new string[outputCount];
        for (var k = 0; k < outputCount; k++)
        {
            names[k] = UniqueValueName(outputCount == 1 ? stem : $"{stem}_{k}");
            values.Add(names[k]);
        }

        node.Output.AddRange(names);
        nodeNames.Add(nodeName);
        graph.Node.Add(node);
        return names;
    }

    /// <summary>Adds a node of the <c>ai.onnx.ml</c> domain (version 1 is imported), e.g. <c>OneHotEncoder</c> over strings.</summary>
    public string AddMlNode(string opType, IReadOnlyList<string> inputs, IReadOnlyDictionary<string, object>? attributes = null, string? outputNameHint = null)
    {
        string output = AddNode(opType, inputs, 1, attributes, outputNameHint)[0];
        graph.Node[^1].Domain = MlDomain;
        usesMlDomain = true;
        return output;
    }

    /// <summary>
    /// Gives a value an exact name by adding an <c>Identity</c> node, so a graph output can be called,
    /// for example, <c>Score</c>.
    /// </summary>
    /// <param name="value">An existing value.</param>
    /// <param name="finalName">The exact name wanted; it must be free.</param>
    /// <returns><paramref name="finalName"/>.</returns>
    public string Rename(string value, string finalName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentException.ThrowIfNullOrEmpty(finalName);
        if (!values.Contains(value))
        {
            throw new InvalidOperationException(
                $"Cannot rename '{value}' to '{finalName}': graph '{graph.Name}' has no value named '{value}'.");
        }

        if (values.Contains(finalName))
        {
            throw new InvalidOperationException(
                $"Cannot rename '{value}' to '{finalName}': graph '{graph.Name}' already has a value named '{finalName}'.");
        }

        var nodeName = UniqueNodeName("Identity");
        var node = new NodeProto { Name = nodeName, OpType = "Identity" };
        node.Input.Add(value);
        node.Output.Add(finalName);
        values.Add(finalName);
        nodeNames.Add(nodeName);
        graph.Node.Add(node);
        return finalName;
    }

    /// <summary>Serializes the graph as an ONNX model.</summary>
    /// <param name="producerName">Written as <c>producer_name</c>.</param>
    /// <param name="docString">Optional model description.</param>
    /// <param name="metadata">Optional <c>metadata_props</c> entries.</param>
    /// <returns>The model's protobuf bytes, ready for ONNX Runtime or <c>ApplyOnnxModel</c>.</returns>
    /// <exception cref="InvalidOperationException">The graph has no outputs.</exception>
    public byte[] ToBytes(string producerName = "MlNetNas", string? docString = null, IReadOnlyDictionary<string, string>? metadata = null)
        => ToModel(producerName, docString, metadata).ToByteArray();

    internal ModelProto ToModel(string producerName, string? docString, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(producerName);
        if (graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{graph.Name}' has no outputs; declare at least one with AddOutput.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producerName,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? string.Empty,
            DocString = docString ?? string.Empty,
            // Shared, not cloned: the model is serialized at once and weights can be large.
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        if (usesMlDomain)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = 1 });
        }
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                ArgumentException.ThrowIfNullOrEmpty(key, nameof(metadata));
                model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value ?? string.Empty });
            }
        }

        return model;
    }

    private string AddInitializer(string nameHint, TensorProto tensor, OnnxElementType type)
    {
        var name = UniqueValueName(string.IsNullOrWhiteSpace(nameHint) ? "const" : nameHint);
        tensor.Name = name;
        graph.Initializer.Add(tensor);
        values.Add(name);
        knownTypes[name] = type;
        return name;
    }

    private static TensorProto NewTensor(OnnxElementType type, int length, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Initializer dimensions must be non-negative; got [{string.Join(", ", dims)}].", nameof(dims));
            }

            count = checked(count * d);
        }

        if (count != length)
        {
            throw new ArgumentException(
                $"Initializer dimensions [{string.Join(", ", dims)}] hold {count} elements but {length} values were given.", nameof(dims));
        }

        var tensor = new TensorProto { DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, long[] shape, string paramName)
    {
        var shapeProto = new TensorShapeProto();
        var dynamicCount = 0;
        for (var axis = 0; axis < shape.Length; axis++)
        {
            var d = shape[axis];
            var dim = new TensorShapeProto.Types.Dimension();
            if (d == -1)
            {
                // The first dynamic axis is the batch shared by all inputs and outputs; any further
                // dynamic axis gets its own symbol so ONNX Runtime does not assume the sizes are equal.
                dim.DimParam = dynamicCount++ == 0 ? DynamicDimensionName : $"{name}_dim{axis}";
            }
            else if (d >= 0)
            {
                dim.DimValue = d;
            }
            else
            {
                throw new ArgumentException(
                    $"Shape of '{name}' has dimension {d} at axis {axis}; expected a size ≥ 0 or -1 for dynamic.", paramName);
            }

            shapeProto.Dim.Add(dim);
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shapeProto } },
        };
    }

    private static AttributeProto ToAttribute(string nodeName, string name, object value)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"Node '{nodeName}' has an attribute with an empty name.", "attributes");
        }

        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case int v:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = v;
                break;
            case long v:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = v;
                break;
            case float v:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = v;
                break;
            case double v:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = (float)v;
                break;
            case string v:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(v);
                break;
            case int[] v:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(v.Select(x => (long)x));
                break;
            case long[] v:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(v);
                break;
            case float[] v:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.AddRange(v);
                break;
            case double[] v:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.AddRange(v.Select(x => (float)x));
                break;
            case string[] v:
                attribute.Type = AttributeProto.Types.AttributeType.Strings;
                foreach (var s in v)
                {
                    if (s is null)
                    {
                        throw new ArgumentException($"Attribute '{name}' of node '{nodeName}' has a null string element.", "attributes");
                    }

                    attribute.Strings.Add(ByteString.CopyFromUtf8(s));
                }

                break;
            default:
                var typeName = value?.GetType().FullName ?? "null";
                throw new ArgumentException(
                    $"Attribute '{name}' of node '{nodeName}' has unsupported type {typeName}; expected int, long, float, double, string or an array of those.",
                    "attributes");
        }

        return attribute;
    }

    private static void CheckElementType(OnnxElementType type, string paramName)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(paramName, type, "Unknown ONNX element type.");
        }
    }

    private string UniqueValueName(string hint)
    {
        if (!values.Contains(hint))
        {
            return hint;
        }

        for (var k = 1; ; k++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{hint}_{k}");
            if (!values.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private string UniqueNodeName(string opType)
    {
        var candidate = string.Create(CultureInfo.InvariantCulture, $"{opType}_{graph.Node.Count}");
        for (var k = 1; nodeNames.Contains(candidate); k++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{opType}_{graph.Node.Count}_{k}");
        }

        return candidate;
    }
}
