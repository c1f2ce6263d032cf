namespace MlNetNas.Data;

/// <summary>How missing numeric values (empty, NaN, unparsable or infinite cells) are filled.</summary>
public enum MissingValuePolicy
{
    /// <summary>Replace with the column mean.</summary>
    Mean,

    /// <summary>Replace with the column mean and add one 0/1 indicator feature per numeric column.</summary>
    MeanWithIndicator,
}
