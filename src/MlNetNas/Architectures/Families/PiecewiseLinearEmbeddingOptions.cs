namespace MlNetNas.Architectures.Families;

/// <summary>
/// Piecewise-linear encodings of the input features in front of an MLP (PLE-Q-LR of Gorishniy et al. 2022): each
/// feature is cut at the quantiles of its training values into <see cref="Bins"/> bins, encoded as how far it has
/// come through each bin, then mapped by a linear layer per feature to <see cref="NumericEmbeddingOptions.Dim"/>
/// values and a ReLU.
/// </summary>
public sealed record PiecewiseLinearEmbeddingOptions : NumericEmbeddingOptions
{
    /// <summary>Quantile bins per feature (at least 2).</summary>
    public int Bins { get; init; } = 16;

    internal override string Operator => "piecewise_linear_embedding";

    internal override IEnumerable<(string Name, double Value)> Attributes => [("bins", Bins)];
}
