namespace MlNetNas.Data;

/// <summary>The kind of prediction a data file is prepared for.</summary>
public enum DataTask
{
    /// <summary>Predict one of a set of classes (binary or multiclass); the label is loaded as text.</summary>
    Classification,

    /// <summary>Predict a number; the label is loaded as Single.</summary>
    Regression,
}
