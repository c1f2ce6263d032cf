namespace MlNetNas.Architectures.Families;

/// <summary>The normalization an MLP block applies after its linear layer.</summary>
public enum NormalizationKind
{
    /// <summary>No normalization.</summary>
    None,

    /// <summary>Batch normalization.</summary>
    Batch,

    /// <summary>Layer normalization.</summary>
    Layer,
}
