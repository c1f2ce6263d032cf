using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>A layer that draws random numbers while training (dropout): it draws them from the generator it is given, when it is given one.</summary>
internal interface IDrawsRandomness
{
    /// <summary>The generator to draw from; null: TorchSharp's global one.</summary>
    Generator? Generator { get; set; }
}
