namespace MlNetNas.Architectures.Families;

/// <summary>
/// Periodic embeddings of the input features in front of an MLP (PLR of Gorishniy et al. 2022): <see cref="Frequencies"/>
/// trainable frequencies per feature, initialised from N(0, <see cref="Sigma"/>²), then a linear layer per feature to
/// <see cref="NumericEmbeddingOptions.Dim"/> values and a ReLU.
/// </summary>
public sealed record PeriodicEmbeddingOptions : NumericEmbeddingOptions
{
    /// <summary>Frequencies per feature (k; each gives a sine and a cosine).</summary>
    public int Frequencies { get; init; } = 16;

    /// <summary>The standard deviation the frequencies start from: small values give smooth functions of a standardized feature.</summary>
    public double Sigma { get; init; } = 0.1;

    internal override string Operator => "periodic_embedding";

    internal override IEnumerable<(string Name, double Value)> Attributes => [("frequencies", Frequencies), ("sigma", Sigma)];
}
