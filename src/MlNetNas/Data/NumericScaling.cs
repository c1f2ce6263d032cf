namespace MlNetNas.Data;

/// <summary>How numeric features are scaled after missing values are filled.</summary>
public enum NumericScaling
{
    /// <summary>Map each feature's [min, max] to [0, 1].</summary>
    MinMax,

    /// <summary>Subtract the mean, divide by the standard deviation.</summary>
    MeanVariance,

    /// <summary>Mean-variance scaling of the logarithm of each feature.</summary>
    LogMeanVariance,

    /// <summary>Replace each value by its bin index scaled to [0, 1].</summary>
    Binning,

    /// <summary>Leave values as they are.</summary>
    None,
}
