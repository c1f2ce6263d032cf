namespace MlNetNas.Architectures.Families;

/// <summary>The nodes of a graph as a family builds them: each Add appends one and returns its id.</summary>
internal sealed class GraphNodes
{
    private readonly List<ArchitectureNode> nodes = [];

    /// <summary>The nodes so far, in order.</summary>
    public IReadOnlyList<ArchitectureNode> Nodes => nodes;

    /// <summary>Appends node <paramref name="id"/> applying <paramref name="op"/> to <paramref name="inputs"/>.</summary>
    public string Add(string id, string op, IReadOnlyList<string> inputs, params (string Name, double Value)[] attributes)
    {
        nodes.Add(new ArchitectureNode(id, op, inputs, attributes.ToDictionary(a => a.Name, a => a.Value)));
        return id;
    }

    /// <summary>Appends a one-input node.</summary>
    public string Add(string id, string op, string input, params (string Name, double Value)[] attributes) => Add(id, op, [input], attributes);

    /// <summary>The graph of these nodes from <paramref name="input"/> to <paramref name="output"/>.</summary>
    public ArchitectureGraph ToGraph(InputSpec input, string output) => new(input.Shape, nodes, output);
}
