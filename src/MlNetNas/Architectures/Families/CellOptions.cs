namespace MlNetNas.Architectures.Families;

/// <summary>
/// A NAS-Bench-201 network: a 3×3 convolution stem of <see cref="StemChannels"/> planes (stride <see cref="StemStride"/>), three stages of
/// <see cref="CellsPerStage"/> copies of <see cref="Cell"/> with a residual reduction block (stride 2, channels
/// doubled) between stages, then batch norm, ReLU, global average pooling and a linear classifier. The benchmark
/// itself uses 16 channels and 5 cells per stage.
/// </summary>
public sealed record CellOptions : IArchitectureDesign
{
    /// <summary>The cell repeated in every stage. Default: NAS-Bench-201's best CIFAR-10 cell.</summary>
    public CellArchitecture Cell { get; init; } = CellArchitecture.BestCifar10;

    /// <summary>The planes of the stem and of the first stage (the second has twice, the third four times as many). Default 16.</summary>
    public int StemChannels { get; init; } = 16;

    /// <summary>Cells in each of the three stages. Default 1.</summary>
    public int CellsPerStage { get; init; } = 1;

    /// <summary>The stem convolution's stride: 2 halves the image first (4× less compute on 28×28 and larger pictures). Default 1, as NAS-Bench-201.</summary>
    public int StemStride { get; init; } = 1;

    /// <inheritdoc />
    public ArchitectureGraph Build(InputSpec input, int outputs) => CellFamily.Build(input, outputs, this);
}
