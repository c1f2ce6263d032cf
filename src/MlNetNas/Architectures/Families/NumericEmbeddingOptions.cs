namespace MlNetNas.Architectures.Families;

/// <summary>
/// An embedding of each numerical input feature in front of an MLP (Gorishniy et al. 2022): the feature becomes
/// several values, a linear layer of its own maps them to <see cref="Dim"/> values, and a ReLU follows.
/// <see cref="PeriodicEmbeddingOptions"/> and <see cref="PiecewiseLinearEmbeddingOptions"/> are the two kinds.
/// </summary>
public abstract record NumericEmbeddingOptions
{
    /// <summary>The width of each feature's embedding.</summary>
    public int Dim { get; init; } = 16;

    /// <summary>The graph operator of this embedding.</summary>
    internal abstract string Operator { get; }

    /// <summary>The operator's attributes besides <c>dim</c>.</summary>
    internal abstract IEnumerable<(string Name, double Value)> Attributes { get; }
}
