using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.Operators;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.OneShot;

/// <summary>
/// The weight-sharing supernet of the NAS-Bench-201 cell space: the skeleton of <see cref="CellFamily"/> whose cells
/// are made of mixed edges (<c>mixed_edge</c> nodes holding every candidate operation with shared weights), one
/// <see cref="SupernetMixing"/> for all of them, and <see cref="Derive(CellArchitecture)"/> from a chosen cell to an ordinary graph.
/// </summary>
public sealed class CellSupernet : IDisposable
{
    private readonly InputSpec input;
    private readonly int outputs;
    private readonly CellOptions skeleton;
    private readonly MixedEdgeOperator.Layer[] edges;

    /// <summary>Builds the supernet for <paramref name="input"/> images and <paramref name="outputs"/> logits; the skeleton's cell is ignored.</summary>
    /// <exception cref="ArgumentException">The input is not an image, or the skeleton's settings are not positive.</exception>
    public CellSupernet(InputSpec input, int outputs, CellOptions skeleton)
    {
        this.input = input;
        this.outputs = outputs;
        this.skeleton = skeleton;
        Graph = CellFamily.Build(input, outputs, skeleton, MixedCell);
        Module = new GraphModule(Graph);
        edges = Module.Layers.OfType<MixedEdgeOperator.Layer>().ToArray();
        foreach (var edge in edges)
        {
            edge.Mixing = Mixing;
        }
    }

    /// <summary>The supernet as a graph with mixed nodes.</summary>
    public ArchitectureGraph Graph { get; }

    /// <summary>The TorchSharp module; its parameters are the shared operation weights (not the architecture's).</summary>
    public GraphModule Module { get; }

    /// <summary>How the mixed edges combine their candidates in the next forward.</summary>
    public SupernetMixing Mixing { get; } = new();

    /// <summary>The largest number of candidate operations any mixed edge evaluated in the last forward.</summary>
    public int OperationsEvaluatedPerEdge => edges.Max(e => e.LastEvaluated);

    /// <summary>The number of mixed edges (six per cell).</summary>
    public int MixedEdges => edges.Length;

    /// <summary>The ordinary network of the same skeleton with every cell <paramref name="cell"/>: what a search hands back to retrain.</summary>
    public ArchitectureGraph Derive(CellArchitecture cell) => CellFamily.Build(input, outputs, skeleton with { Cell = cell });

    /// <summary>The ordinary network of the cell that <paramref name="weights"/> derive (see <see cref="ArchitectureWeights.Derive"/>).</summary>
    public ArchitectureGraph Derive(ArchitectureWeights weights) => Derive(weights.Derive());

    /// <summary>Runs the supernet on a batch with the current mixing.</summary>
    public Tensor Forward(Tensor batch) => Module.forward(batch);

    /// <inheritdoc />
    public void Dispose() => Module.Dispose();

    private static string MixedCell(GraphNodes g, string id, string x, int channels) =>
        CellFamily.CellNodes(g, id, x, (j, from, source) =>
            g.Add($"{id}_e{j}{from}", "mixed_edge", source, ("edge", CellArchitecture.EdgeIndex(j, from))));
}
