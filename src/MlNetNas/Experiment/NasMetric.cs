namespace MlNetNas.Experiment;

/// <summary>The metric an experiment optimizes on validation data.</summary>
public enum NasMetric
{
    /// <summary>Multiclass micro accuracy (fraction of rows right).</summary>
    Accuracy,

    /// <summary>Multiclass macro accuracy (mean per-class accuracy).</summary>
    MacroAccuracy,

    /// <summary>Log loss (multiclass or binary); lower is better.</summary>
    LogLoss,

    /// <summary>Binary area under the ROC curve.</summary>
    AreaUnderRocCurve,

    /// <summary>Regression coefficient of determination.</summary>
    RSquared,

    /// <summary>Regression root mean squared error; lower is better.</summary>
    RootMeanSquaredError,

    /// <summary>Regression mean absolute error; lower is better.</summary>
    MeanAbsoluteError,
}
