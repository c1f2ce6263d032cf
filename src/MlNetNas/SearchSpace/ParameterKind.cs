namespace MlNetNas.SearchSpace;

/// <summary>What a <see cref="Parameter"/> node holds.</summary>
public enum ParameterKind
{
    /// <summary>Named children, in insertion order.</summary>
    Object,

    /// <summary>A 64-bit integer leaf.</summary>
    Integer,

    /// <summary>A finite double leaf.</summary>
    Double,

    /// <summary>A string leaf.</summary>
    String,

    /// <summary>A boolean leaf.</summary>
    Bool,
}
