using MlNetNas.Architectures.Operators;

namespace MlNetNas.Architectures.Families;

/// <summary>
/// A multilayer perceptron for tabular data: hidden blocks of linear → normalization → activation →
/// dropout, with optional residual connections (a bias-free projection where widths differ).
/// </summary>
public sealed record MlpOptions : IArchitectureDesign
{
    /// <summary>The width of each hidden layer, input side first (1–6 layers in the default search space).</summary>
    public IReadOnlyList<int> HiddenWidths { get; init; } = [256, 128];

    /// <summary>The activation after each hidden layer.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary>Dropout probability after each activation; 0 adds no dropout node.</summary>
    public double Dropout { get; init; }

    /// <summary>The normalization of each hidden block.</summary>
    public NormalizationKind Normalization { get; init; } = NormalizationKind.None;

    /// <summary>Whether each hidden block adds its input to its output.</summary>
    public bool Residual { get; init; }

    /// <summary>
    /// Periodic embeddings of the input features before the first layer, or null for none. Applied where the input
    /// vector has at most <see cref="MlpFamily.MaxEmbeddedFeatures"/> slots; a wider input (n-grams, many one-hot slots)
    /// goes in as it is, and the trial's architecture says so by leaving the embedding out.
    /// </summary>
    public PeriodicEmbeddingOptions? NumericEmbedding { get; init; }

    /// <summary>Whether the input vector is smoothly clipped to about ±3 first (<c>smooth_clip</c>, after RealMLP's robust scaling and clipping). Image inputs are not clipped.</summary>
    public bool SmoothClip { get; init; }

    /// <inheritdoc />
    public ArchitectureGraph Build(InputSpec input, int outputs) => MlpFamily.Build(input, outputs, this);

    /// <inheritdoc />
    public bool Equals(MlpOptions? other) =>
        other is not null && HiddenWidths.SequenceEqual(other.HiddenWidths) && Activation == other.Activation
        && Dropout.Equals(other.Dropout) && Normalization == other.Normalization && Residual == other.Residual
        && Equals(NumericEmbedding, other.NumericEmbedding) && SmoothClip == other.SmoothClip;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HiddenWidths.Count, Activation, Dropout, Normalization, Residual, NumericEmbedding, SmoothClip);
}
