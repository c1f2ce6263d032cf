namespace MlNetNas.Architectures.Families;

/// <summary>How a sequence of vectors becomes one, over the positions that hold a token.</summary>
public enum SequencePooling
{
    /// <summary>The mean.</summary>
    Mean,

    /// <summary>The maximum of each feature.</summary>
    Max,

    /// <summary>Mean and maximum, concatenated.</summary>
    MeanMax,
}
