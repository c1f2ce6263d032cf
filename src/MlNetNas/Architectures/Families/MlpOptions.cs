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
    /// An embedding of the input features before the first layer (periodic or piecewise-linear), or null for none. Applied where the input
    /// vector has at most <see cref="MlpFamily.MaxEmbeddedFeatures"/> slots; a wider input (n-grams, many one-hot slots)
    /// goes in as it is, and the trial's architecture says so by leaving the embedding out.
    /// </summary>
    public NumericEmbeddingOptions? NumericEmbedding { get; init; }

    /// <summary>
    /// Whether each slot of the input vector is robustly scaled first, <c>(x − median) / IQR</c> over the training rows
    /// (<c>robust_scale</c>; half the range where the IQR is zero). Image inputs, and vectors wider than
    /// <see cref="MlpFamily.MaxEmbeddedFeatures"/> slots, are not scaled.
    /// </summary>
    public bool RobustScale { get; init; }

    /// <summary>Whether the input vector is smoothly clipped to about ±3 first (<c>smooth_clip</c>, after RealMLP's robust scaling and clipping). Image inputs are not clipped.</summary>
    public bool SmoothClip { get; init; }

    /// <summary>Whether a trainable scale per input slot (<c>input_scale</c>, initialised to 1) comes before the first layer (after any embedding).</summary>
    public bool InputScale { get; init; }

    /// <summary>
    /// Members of a TabM-style batch ensemble (1: none): the input forks into this many copies, each scaled by its own
    /// trainable ±1-initialised vector, the hidden layers are shared, and each member has its own head; training scores
    /// every member, prediction averages them. Costs about this many times the hidden layers' compute, few parameters.
    /// </summary>
    public int EnsembleMembers { get; init; } = 1;

    /// <inheritdoc />
    public ArchitectureGraph Build(InputSpec input, int outputs) => MlpFamily.Build(input, outputs, this);

    /// <inheritdoc />
    public bool Equals(MlpOptions? other) =>
        other is not null && HiddenWidths.SequenceEqual(other.HiddenWidths) && Activation == other.Activation
        && Dropout.Equals(other.Dropout) && Normalization == other.Normalization && Residual == other.Residual
        && Equals(NumericEmbedding, other.NumericEmbedding) && SmoothClip == other.SmoothClip
        && EnsembleMembers == other.EnsembleMembers && InputScale == other.InputScale && RobustScale == other.RobustScale;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HiddenWidths.Count, Activation, Dropout, Normalization, Residual, NumericEmbedding, SmoothClip, EnsembleMembers);
}
