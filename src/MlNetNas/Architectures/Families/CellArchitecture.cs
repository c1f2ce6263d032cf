namespace MlNetNas.Architectures.Families;

/// <summary>
/// A NAS-Bench-201 cell: four nodes, node 0 the cell's input, and node j (1–3) the sum of one operation on every
/// earlier node. Its six edge operations are in the benchmark's order (1←0, 2←0, 2←1, 3←0, 3←1, 3←2), each one of
/// <see cref="Operations"/>, and <see cref="ToString"/> writes the benchmark's architecture string
/// (<c>|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|</c>), so a
/// searched cell can be looked up in the NAS-Bench-201 tables.
/// </summary>
public sealed record CellArchitecture
{
    /// <summary>The candidate operations of an edge, in NAS-Bench-201's names.</summary>
    public static IReadOnlyList<string> Operations { get; } = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    /// <summary>The (to, from) node pairs of the six edges, in the benchmark's order.</summary>
    public static IReadOnlyList<(int To, int From)> Edges { get; } = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    /// <summary>The best CIFAR-10 cell of NAS-Bench-201 (94.37% test accuracy at 200 epochs): a strong first trial.</summary>
    public static CellArchitecture BestCifar10 { get; } =
        Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");

    /// <summary>Creates a cell from its six edge operations, in <see cref="Edges"/> order.</summary>
    /// <exception cref="ArgumentException">There are not six operations, or one is not in <see cref="Operations"/>.</exception>
    public CellArchitecture(IReadOnlyList<string> edgeOperations)
    {
        if (edgeOperations.Count != Edges.Count)
        {
            throw new ArgumentException($"A cell has {Edges.Count} edges; got {edgeOperations.Count} operations.", nameof(edgeOperations));
        }

        foreach (string op in edgeOperations)
        {
            if (!Operations.Contains(op))
            {
                throw new ArgumentException($"Unknown cell operation '{op}'; expected one of: {string.Join(", ", Operations)}.", nameof(edgeOperations));
            }
        }

        EdgeOperations = edgeOperations.ToArray();
    }

    /// <summary>The operation of each edge, in <see cref="Edges"/> order.</summary>
    public IReadOnlyList<string> EdgeOperations { get; }

    /// <summary>Reads a NAS-Bench-201 architecture string.</summary>
    /// <exception cref="ArgumentException">The text is not of the form <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>.</exception>
    public static CellArchitecture Parse(string text)
    {
        string[] nodes = text.Trim().Split('+');
        var ops = new List<string>();
        bool wellFormed = nodes.Length == 3;
        for (int j = 0; wellFormed && j < nodes.Length; j++)
        {
            string[] edges = nodes[j].Trim('|').Split('|');
            wellFormed = nodes[j].StartsWith('|') && nodes[j].EndsWith('|') && edges.Length == j + 1;
            for (int i = 0; wellFormed && i < edges.Length; i++)
            {
                string[] parts = edges[i].Split('~');
                wellFormed = parts.Length == 2 && parts[1] == i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (wellFormed)
                {
                    ops.Add(parts[0]);
                }
            }
        }

        if (!wellFormed)
        {
            throw new ArgumentException($"'{text}' is not a NAS-Bench-201 cell string; expected |op~0|+|op~0|op~1|+|op~0|op~1|op~2| with op one of {string.Join(", ", Operations)}.", nameof(text));
        }

        return new CellArchitecture(ops);
    }

    /// <summary>The position in <see cref="Edges"/> of the edge from node <paramref name="from"/> to node <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cell has no such edge (it needs 0 ≤ from &lt; to ≤ 3).</exception>
    public static int EdgeIndex(int to, int from)
    {
        for (int k = 0; k < Edges.Count; k++)
        {
            if (Edges[k] == (to, from))
            {
                return k;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(to), $"A cell has no edge {from} → {to}; edges run from node i to node j with 0 ≤ i < j ≤ 3.");
    }

    /// <summary>How many edges are skip connections (one-shot searches that collapse end with many).</summary>
    public int SkipConnections => EdgeOperations.Count(o => o == "skip_connect");

    /// <summary>How many edges carry no parameters (see <see cref="IsParameterFree"/>).</summary>
    public int ParameterFreeEdges => EdgeOperations.Count(IsParameterFree);

    /// <summary>Whether <paramref name="operation"/> has no parameters: none, skip_connect or avg_pool_3x3.</summary>
    public static bool IsParameterFree(string operation) => operation is "none" or "skip_connect" or "avg_pool_3x3";

    /// <summary>The operations of the edges into node <paramref name="to"/> (1–3), with the node each reads.</summary>
    public IEnumerable<(int From, string Operation)> Inputs(int to) =>
        Edges.Select((e, k) => (e, k)).Where(p => p.e.To == to).Select(p => (p.e.From, EdgeOperations[p.k]));

    /// <inheritdoc />
    public bool Equals(CellArchitecture? other) => other is not null && EdgeOperations.SequenceEqual(other.EdgeOperations);

    /// <inheritdoc />
    public override int GetHashCode() => string.Join(",", EdgeOperations).GetHashCode(StringComparison.Ordinal);

    /// <summary>The NAS-Bench-201 architecture string.</summary>
    public override string ToString() =>
        string.Join("+", Enumerable.Range(1, 3).Select(j => "|" + string.Join("|", Inputs(j).Select(e => $"{e.Operation}~{e.From}")) + "|"));
}
