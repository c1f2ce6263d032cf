using MlNetNas.Architectures.Families;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// How one method trains a <see cref="Architectures.OneShot.CellSupernet"/>: what each step does with a batch of the
/// weight half and one of the architecture half of the training rows, and which cell it derives.
/// </summary>
internal interface ISupernetStrategy : IDisposable
{
    /// <summary>Whether the collapse guard and the stable-ranking stop apply (DARTS).</summary>
    bool GuardsCollapse { get; }

    /// <summary>The share of the time budget kept for <see cref="Final"/> (DARTS's selection by perturbation).</summary>
    double FinalShare { get; }

    /// <summary>Called before each epoch with the schedule's progress so far (0 at the start, towards 1).</summary>
    void BeginEpoch(double progress);

    /// <summary>One step; returns the shared weights' loss on the weight batch (detached).</summary>
    Tensor Step(Tensor x, Tensor y, Tensor architectureX, Tensor architectureY);

    /// <summary>Work at the end of an epoch (the ENAS controller trains here); returns the cell the search would derive now
    /// (for DARTS and GDAS the plain argmax, which the collapse guard watches).</summary>
    CellArchitecture EndEpoch(SupernetData data);

    /// <summary>The cell the search hands back when it ends.</summary>
    CellArchitecture Final(SupernetData data);
}
