using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

/// <summary>What an experiment predicts, from which label column, judged by which metric.</summary>
public sealed record NasTask(NasTaskKind Kind, string LabelColumnName, NasMetric Metric)
{
    /// <summary>Multiclass classification; the label may be text or numbers (mapped to keys by the experiment). Default metric: accuracy; AUC applies when there are exactly two classes (the second, in sorted order, is positive).</summary>
    public static NasTask MulticlassClassification(string labelColumnName = "Label", NasMetric metric = NasMetric.Accuracy) =>
        Checked(new NasTask(NasTaskKind.MulticlassClassification, labelColumnName, metric));

    /// <summary>Binary classification on a Boolean label. Default metric: AUC.</summary>
    public static NasTask BinaryClassification(string labelColumnName = "Label", NasMetric metric = NasMetric.AreaUnderRocCurve) =>
        Checked(new NasTask(NasTaskKind.BinaryClassification, labelColumnName, metric));

    /// <summary>Regression on a Single label. Default metric: R².</summary>
    public static NasTask Regression(string labelColumnName = "Label", NasMetric metric = NasMetric.RSquared) =>
        Checked(new NasTask(NasTaskKind.Regression, labelColumnName, metric));

    /// <summary>Whether a larger metric value is better.</summary>
    public bool IsMaximizing => Metric is not (NasMetric.LogLoss or NasMetric.RootMeanSquaredError or NasMetric.MeanAbsoluteError);

    /// <summary>The loss a tuner minimizes for a metric value.</summary>
    public double ToLoss(double metric) => IsMaximizing ? -metric : metric;

    private static NasTask Checked(NasTask task)
    {
        bool fits = task.Kind switch
        {
            NasTaskKind.MulticlassClassification => task.Metric is NasMetric.Accuracy or NasMetric.MacroAccuracy or NasMetric.LogLoss or NasMetric.AreaUnderRocCurve,
            NasTaskKind.BinaryClassification => task.Metric is NasMetric.AreaUnderRocCurve or NasMetric.Accuracy or NasMetric.LogLoss,
            _ => task.Metric is NasMetric.RSquared or NasMetric.RootMeanSquaredError or NasMetric.MeanAbsoluteError,
        };
        return fits ? task : throw new ArgumentException($"The metric {task.Metric} does not apply to {task.Kind}.");
    }
}
