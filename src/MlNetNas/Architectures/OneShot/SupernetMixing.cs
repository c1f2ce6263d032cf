using static TorchSharp.torch;

namespace MlNetNas.Architectures.OneShot;

/// <summary>
/// How every mixed edge of a supernet combines its candidates in the next forward: a weighted sum
/// (<see cref="Weights"/>, [edges × operations], DARTS) or one operation per edge (<see cref="Path"/>, ENAS and
/// GDAS), optionally scaled by a per-edge gate through which the architecture parameters get their gradient (GDAS's
/// straight-through Gumbel sample). All the cells of the supernet share it, as NAS-Bench-201's searches share one cell.
/// </summary>
public sealed class SupernetMixing
{
    /// <summary>The weight of each operation on each edge, [edges × operations]; null on a path.</summary>
    public Tensor? Weights { get; private set; }

    /// <summary>The operation index of each edge; null for a weighted sum.</summary>
    public IReadOnlyList<int>? Path { get; private set; }

    /// <summary>Per-edge factors applied to the path's outputs (value 1, gradient to the architecture); null for none.</summary>
    public Tensor? Gates { get; private set; }

    /// <summary>Mixes every candidate by <paramref name="weights"/> ([edges × operations]).</summary>
    public void UseWeights(Tensor weights)
    {
        Weights = weights;
        Path = null;
        Gates = null;
    }

    /// <summary>Evaluates only operation <paramref name="path"/>[e] on edge e, times <paramref name="gates"/>[e] when given.</summary>
    public void UsePath(IReadOnlyList<int> path, Tensor? gates = null)
    {
        if (path.Count != Families.CellArchitecture.Edges.Count)
        {
            throw new ArgumentException($"A path names one operation per edge ({Families.CellArchitecture.Edges.Count}); got {path.Count}.", nameof(path));
        }

        Path = path.ToArray();
        Gates = gates;
        Weights = null;
    }

    /// <summary>Evaluates the cell <paramref name="cell"/>'s operations.</summary>
    public void UseCell(Families.CellArchitecture cell) => UsePath(cell.EdgeOperations.Select(IndexOf).ToArray());

    /// <summary>The index of an operation in <see cref="Families.CellArchitecture.Operations"/>.</summary>
    internal static int IndexOf(string operation) => Families.CellArchitecture.Operations.ToList().IndexOf(operation);
}
