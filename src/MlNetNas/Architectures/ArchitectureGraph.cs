using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetNas.Architectures.Operators;

namespace MlNetNas.Architectures;

/// <summary>
/// A candidate network as data: the input shape, operator nodes in topological order, and the id of the
/// node whose value is the output. Serializable to JSON; lowered to TorchSharp for training
/// (<see cref="GraphModule"/>) and to ONNX for export from the same node definitions.
/// </summary>
public sealed record ArchitectureGraph
{
    /// <summary>The id by which nodes refer to the graph's input.</summary>
    public const string InputId = "input";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Creates and validates a graph.</summary>
    /// <exception cref="ArgumentException">A node refers to an unknown operator or to a value not yet defined, ids repeat, or the output is unknown.</exception>
    public ArchitectureGraph(TensorShape inputShape, IReadOnlyList<ArchitectureNode> nodes, string output)
    {
        InputShape = inputShape;
        Nodes = nodes.ToArray();
        Output = output;
        Shapes = InferShapes();
    }

    /// <summary>The shape of one input example.</summary>
    public TensorShape InputShape { get; }

    /// <summary>The nodes, each after all of its inputs.</summary>
    public IReadOnlyList<ArchitectureNode> Nodes { get; }

    /// <summary>The id of the node that produces the graph's output.</summary>
    public string Output { get; }

    /// <summary>The shape of every value by id (including <see cref="InputId"/>).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, TensorShape> Shapes { get; }

    /// <summary>The shape of the output.</summary>
    [JsonIgnore]
    public TensorShape OutputShape => Shapes[Output];

    /// <summary>The number of trainable scalars.</summary>
    [JsonIgnore]
    public long ParameterCount => Nodes.Sum(n => OperatorRegistry.Get(n.Operator).CountParameters(n, n.Inputs.Select(i => Shapes[i]).ToArray()));

    /// <summary>The most batch rows any value carries per example (a batch ensemble's members each carry a copy; 1 otherwise).</summary>
    [JsonIgnore]
    public int RowsPerExample => Nodes.Select(n => OperatorRegistry.Get(n.Operator).RowsPerExample(n)).DefaultIfEmpty(1).Max();

    /// <summary>Serializes the graph to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(new GraphDocument(
        InputShape.Dimensions.ToArray(),
        Nodes.Select(n => new NodeDocument(n.Id, n.Operator, n.Inputs.ToArray(), n.Attributes.ToDictionary(a => a.Key, a => a.Value))).ToArray(),
        Output), JsonOptions);

    /// <summary>Reads a graph written by <see cref="ToJson"/>.</summary>
    public static ArchitectureGraph FromJson(string json)
    {
        var document = JsonSerializer.Deserialize<GraphDocument>(json, JsonOptions)
            ?? throw new ArgumentException("The architecture JSON is empty.", nameof(json));
        return new ArchitectureGraph(
            new TensorShape(document.InputShape),
            document.Nodes.Select(n => new ArchitectureNode(n.Id, n.Operator, n.Inputs, n.Attributes ?? new Dictionary<string, double>())).ToArray(),
            document.Output);
    }

    /// <inheritdoc />
    public bool Equals(ArchitectureGraph? other) =>
        other is not null && InputShape.Equals(other.InputShape) && Output == other.Output && Nodes.SequenceEqual(other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(InputShape, Output, Nodes.Count);

    /// <summary>A one-line description, e.g. "linear(256) > relu > linear(10)".</summary>
    public override string ToString() => string.Join(" > ", Nodes.Select(n => OperatorRegistry.Get(n.Operator).Describe(n)));

    private Dictionary<string, TensorShape> InferShapes()
    {
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal) { [InputId] = InputShape };
        foreach (var node in Nodes)
        {
            if (shapes.ContainsKey(node.Id))
            {
                throw new ArgumentException($"The node id '{node.Id}' is used twice.");
            }

            var definition = OperatorRegistry.Get(node.Operator);
            var inputs = node.Inputs.Select(i => shapes.TryGetValue(i, out var s)
                ? s
                : throw new ArgumentException($"Node '{node.Id}' reads '{i}', which no earlier node defines.")).ToArray();
            shapes[node.Id] = definition.InferShape(node, inputs);
        }

        if (!shapes.ContainsKey(Output))
        {
            throw new ArgumentException($"The output '{Output}' is not a node of the graph.");
        }

        return shapes;
    }

    private sealed record NodeDocument(string Id, string Operator, string[] Inputs, Dictionary<string, double>? Attributes);

    private sealed record GraphDocument(int[] InputShape, NodeDocument[] Nodes, string Output);
}
