namespace MlNetNas.Data;

/// <summary>What a column of a data file is used for.</summary>
public enum ColumnPurpose
{
    /// <summary>The column to predict.</summary>
    Label,

    /// <summary>A numeric feature, loaded as Single.</summary>
    Numeric,

    /// <summary>A string feature with few distinct values, one-hot encoded.</summary>
    Categorical,

    /// <summary>Free text, featurized into n-gram counts.</summary>
    Text,

    /// <summary>Not loaded: constant, an identifier, or ignored by the user.</summary>
    Ignore,
}
