using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A layer that takes constants from the training data before training starts (quantile bin edges, robust scales):
/// <see cref="GraphModule.FitToData"/> hands it a batch of the values that reach it. The constants are buffers, not
/// parameters: the optimizer leaves them, the export writes them, and until it is fitted the layer uses defaults
/// that suit a standardized input.
/// </summary>
internal interface IFitsToData
{
    /// <summary>Sets the layer's constants from <paramref name="input"/>, a batch of its first input [rows, ...].</summary>
    void Fit(Tensor input);
}
