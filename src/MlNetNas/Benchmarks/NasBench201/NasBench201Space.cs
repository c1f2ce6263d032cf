namespace MlNetNas.Benchmarks.NasBench201;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// The NAS-Bench-201 cell (Dong and Yang, 2020): a 4-node cell whose 6 edges (node j to node i, j &lt; i) each carry one
/// of 5 operations, as a search space of 6 choices, and its architecture string
/// <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c> (the ops into node 1, node 2, node 3, each tagged with its source node).
/// </summary>
public static class NasBench201Space
{
    private static readonly string[] OperationNames = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];
    private static readonly (int To, int From)[] EdgeList = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    /// <summary>The operations an edge can carry.</summary>
    public static IReadOnlyList<string> Operations => OperationNames;

    /// <summary>The option names of the edges, in architecture-string order: <c>edge_1_0</c> is the edge from node 0 into node 1.</summary>
    public static IReadOnlyList<string> EdgeNames { get; } = EdgeList.Select(e => $"edge_{e.To}_{e.From}").ToArray();

    /// <summary>A new search space of the cell: one choice of <see cref="Operations"/> per edge of <see cref="EdgeNames"/>.</summary>
    public static SearchSpace Create()
    {
        var space = new SearchSpace();
        foreach (var edge in EdgeNames)
        {
            space.Add(edge, new ChoiceOption(OperationNames));
        }

        return space;
    }

    /// <summary>The benchmark's architecture string of a parameter of <see cref="Create"/>'s space.</summary>
    /// <exception cref="ArgumentException">An edge is missing or names an unknown operation.</exception>
    public static string ToArchitectureString(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var parts = new List<string>();
        for (var node = 1; node <= 3; node++)
        {
            var ops = new List<string>();
            for (var from = 0; from < node; from++)
            {
                var name = $"edge_{node}_{from}";
                var op = parameter.ContainsKey(name)
                    ? parameter[name].AsString()
                    : throw new ArgumentException($"The parameter has no edge '{name}'; a NAS-Bench-201 cell needs: {string.Join(", ", EdgeNames)}.", nameof(parameter));
                if (Array.IndexOf(OperationNames, op) < 0)
                {
                    throw new ArgumentException($"Edge '{name}' carries '{op}'; operations are: {string.Join(", ", OperationNames)}.", nameof(parameter));
                }

                ops.Add($"{op}~{from}");
            }

            parts.Add("|" + string.Join("|", ops) + "|");
        }

        return string.Join("+", parts);
    }

    /// <summary>The parameter of an architecture string; the inverse of <see cref="ToArchitectureString"/>.</summary>
    /// <exception cref="ArgumentException">The string is not a NAS-Bench-201 cell.</exception>
    public static Parameter FromArchitectureString(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var nodes = architecture.Split('+');
        var children = new List<KeyValuePair<string, Parameter>>();
        for (var node = 1; node <= 3 && nodes.Length == 3; node++)
        {
            var ops = nodes[node - 1].Trim('|').Split('|');
            if (ops.Length != node)
            {
                break;
            }

            for (var from = 0; from < node; from++)
            {
                var tilde = ops[from].LastIndexOf('~');
                var op = tilde < 0 ? ops[from] : ops[from][..tilde];
                if (tilde < 0 || ops[from][(tilde + 1)..] != from.ToString(System.Globalization.CultureInfo.InvariantCulture) || Array.IndexOf(OperationNames, op) < 0)
                {
                    throw new ArgumentException($"'{ops[from]}' in architecture '{architecture}' should be an operation ({string.Join(", ", OperationNames)}) followed by '~{from}'.", nameof(architecture));
                }

                children.Add(new($"edge_{node}_{from}", Parameter.FromString(op)));
            }
        }

        return children.Count == 6
            ? Parameter.FromObject(children)
            : throw new ArgumentException($"Architecture '{architecture}' is not a NAS-Bench-201 cell of the form |op~0|+|op~0|op~1|+|op~0|op~1|op~2|.", nameof(architecture));
    }
}
