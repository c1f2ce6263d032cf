using MlNetNas.Architectures.Operators;

namespace MlNetNas.Architectures.Families;

/// <summary>
/// A network of inverted-residual blocks (MobileNetV2/V3, Sandler et al. 2018, Howard et al. 2019): a 3×3 stem,
/// then <see cref="Stages"/> (the second and later start with stride 2), global average pooling and a linear
/// classifier.
/// </summary>
public sealed record MobileOptions : IArchitectureDesign
{
    /// <summary>The stem's planes. Default 16.</summary>
    public int StemChannels { get; init; } = 16;

    /// <summary>The stem's stride (2 halves large pictures first). Default 1.</summary>
    public int StemStride { get; init; } = 1;

    /// <summary>The stages, input side first. Default: three stages of 16, 32 and 64 planes.</summary>
    public IReadOnlyList<MobileStage> Stages { get; init; } =
    [
        new MobileStage(1, 16, 3, 1, false, ActivationKind.Relu),
        new MobileStage(2, 32, 3, 3, false, ActivationKind.HardSwish),
        new MobileStage(2, 64, 3, 3, true, ActivationKind.HardSwish),
    ];

    /// <inheritdoc />
    public ArchitectureGraph Build(InputSpec input, int outputs) => MobileFamily.Build(input, outputs, this);

    /// <summary>A one-line description, e.g. "mobile 16 | 1x16 k3 e1 relu | 2x32 k5 e3 se hard_swish | …".</summary>
    public string Describe() =>
        $"mobile {StemChannels}{(StemStride > 1 ? $"/{StemStride}" : string.Empty)} | "
        + string.Join(" | ", Stages.Select(s => $"{s.Depth}x{s.Channels} k{s.Kernel} e{s.Expansion}{(s.SqueezeExcite ? " se" : string.Empty)} {ActivationNames.Of(s.Activation)}"));

    /// <inheritdoc />
    public bool Equals(MobileOptions? other) =>
        other is not null && StemChannels == other.StemChannels && StemStride == other.StemStride && Stages.SequenceEqual(other.Stages);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StemChannels, StemStride, Stages.Count);
}
