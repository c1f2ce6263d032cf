using MlNetNas.Architectures.Families;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.OneShot;

/// <summary>
/// The architecture parameters of a cell supernet: one logit per candidate operation and edge
/// ([edges × operations], shared by every cell), trained by DARTS and GDAS. <see cref="Derive"/> reads the cell off them.
/// </summary>
public sealed class ArchitectureWeights : IDisposable
{
    private ArchitectureWeights(Tensor logits)
    {
        Logits = new TorchSharp.Modules.Parameter(logits, requires_grad: true);
    }

    /// <summary>The logits, [edges × operations], with gradient.</summary>
    public TorchSharp.Modules.Parameter Logits { get; }

    /// <summary>Small random logits (1e-3 × N(0, 1), as DARTS starts) from the current TorchSharp seed, on <paramref name="device"/>.</summary>
    public static ArchitectureWeights Initial(Device device)
    {
        using var scope = NewDisposeScope();
        var logits = (randn(CellArchitecture.Edges.Count, CellArchitecture.Operations.Count) * 1e-3).to(device);
        return new ArchitectureWeights(logits.MoveToOuterDisposeScope());
    }

    /// <summary>Logits set by hand, [edges][operations] in <see cref="CellArchitecture.Edges"/> and <see cref="CellArchitecture.Operations"/> order.</summary>
    /// <exception cref="ArgumentException">The array is not edges × operations.</exception>
    public static ArchitectureWeights FromValues(float[,] values)
    {
        if (values.GetLength(0) != CellArchitecture.Edges.Count || values.GetLength(1) != CellArchitecture.Operations.Count)
        {
            throw new ArgumentException($"Architecture weights are {CellArchitecture.Edges.Count} edges × {CellArchitecture.Operations.Count} operations; got {values.GetLength(0)} × {values.GetLength(1)}.", nameof(values));
        }

        return new ArchitectureWeights(tensor(values));
    }

    /// <summary>
    /// The cell of the strongest operation on each edge. With <paramref name="excludeNone"/> (DARTS's rule) an edge never
    /// derives to none: that operation's weight says how much an edge matters, not which operation it should be. With
    /// <paramref name="maxSkipConnections"/> (P-DARTS's rule against collapse) only that many edges keep a skip connection,
    /// those where it leads by the widest margin; the others take their strongest other operation. With
    /// <paramref name="maxParameterFree"/> likewise at most that many edges keep a parameter-free operation (skip or
    /// pooling; searches here also collapsed into pooling), the others taking their strongest convolution.
    /// </summary>
    public CellArchitecture Derive(bool excludeNone = true, int? maxSkipConnections = null, int? maxParameterFree = null) =>
        Strongest(Operators.GraphLayer.ValuesOf(Logits), excludeNone, maxSkipConnections, maxParameterFree);

    /// <summary>
    /// The cell of the highest <paramref name="values"/> (a score per edge and operation, row-major [edges × operations]:
    /// logits, or the accuracy an operation's removal costs), by the rules of <see cref="Derive"/>.
    /// </summary>
    public static CellArchitecture Strongest(float[] values, bool excludeNone = true, int? maxSkipConnections = null, int? maxParameterFree = null)
    {
        int operations = CellArchitecture.Operations.Count;
        int skip = SupernetMixing.IndexOf("skip_connect");
        bool Free(int k) => CellArchitecture.IsParameterFree(CellArchitecture.Operations[k]);
        int Best(int edge, bool allowSkip, bool allowFree = true)
        {
            int best = -1;
            for (int k = 0; k < operations; k++)
            {
                bool allowed = !(excludeNone && CellArchitecture.Operations[k] == "none") && (allowSkip || k != skip) && (allowFree || !Free(k));
                if (allowed && (best < 0 || values[(edge * operations) + k] > values[(edge * operations) + best]))
                {
                    best = k;
                }
            }

            return best;
        }

        int[] chosen = Enumerable.Range(0, CellArchitecture.Edges.Count).Select(e => Best(e, allowSkip: true)).ToArray();
        if (maxSkipConnections is { } limit)
        {
            var skips = Enumerable.Range(0, chosen.Length).Where(e => chosen[e] == skip)
                .OrderBy(e => values[(e * operations) + skip] - values[(e * operations) + Best(e, allowSkip: false)]).ToList();
            foreach (int e in skips.Take(Math.Max(0, skips.Count - limit)))
            {
                chosen[e] = Best(e, allowSkip: false);
            }
        }

        if (maxParameterFree is { } freeLimit)
        {
            var free = Enumerable.Range(0, chosen.Length).Where(e => Free(chosen[e]))
                .OrderBy(e => values[(e * operations) + chosen[e]] - values[(e * operations) + Best(e, allowSkip: false, allowFree: false)]).ToList();
            foreach (int e in free.Take(Math.Max(0, free.Count - freeLimit)))
            {
                chosen[e] = Best(e, allowSkip: false, allowFree: false);
            }
        }

        return new CellArchitecture(chosen.Select(k => CellArchitecture.Operations[k]).ToArray());
    }

    /// <summary>DARTS's optimizer of the logits: Adam with betas 0.5 and 0.999 and weight decay 1e-3 (GDAS uses the same).</summary>
    public TorchSharp.torch.optim.Optimizer CreateOptimizer(double learningRate) =>
        optim.Adam([Logits], learningRate, beta1: 0.5, beta2: 0.999, weight_decay: 1e-3);

    /// <summary>The softmax over each edge's operations, [edges × operations].</summary>
    public Tensor Probabilities() => nn.functional.softmax(Logits, 1);

    /// <inheritdoc />
    public void Dispose() => Logits.Dispose();
}
