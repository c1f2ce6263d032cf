using MlNetNas.Architectures.Operators;

namespace MlNetNas.Architectures.Families;

/// <summary>
/// One stage of inverted-residual blocks: <paramref name="Depth"/> blocks of <paramref name="Channels"/> output planes,
/// each a 1×1 expansion by <paramref name="Expansion"/> (none at 1), a depthwise <paramref name="Kernel"/>×<paramref name="Kernel"/>
/// convolution, optional squeeze-and-excitation and a 1×1 projection, with the block's input added when shapes allow.
/// </summary>
public sealed record MobileStage(int Depth, int Channels, int Kernel, int Expansion, bool SqueezeExcite, ActivationKind Activation);
