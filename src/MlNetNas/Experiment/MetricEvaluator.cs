using Microsoft.ML;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

/// <summary>Computes a task's metric on scored data with ML.NET's own evaluators, the same for every candidate.</summary>
internal static class MetricEvaluator
{
    /// <summary>The metric of <paramref name="scored"/> (which holds the "Label" column and the task's score columns).</summary>
    public static double Evaluate(MLContext ml, NasTask task, IDataView scored)
    {
        const string label = CandidateContext.LabelColumn;
        double value = task.Kind switch
        {
            NasTaskKind.MulticlassClassification => Multiclass(ml.MulticlassClassification.Evaluate(scored, label), task.Metric),
            NasTaskKind.BinaryClassification => Binary(ml.BinaryClassification.Evaluate(scored, label), task.Metric),
            _ => Regression(ml.Regression.Evaluate(scored, label), task.Metric),
        };
        return double.IsFinite(value) ? value : throw new InvalidOperationException($"The validation {task.Metric} is {value}.");
    }

    private static double Multiclass(Microsoft.ML.Data.MulticlassClassificationMetrics m, NasMetric metric) => metric switch
    {
        NasMetric.MacroAccuracy => m.MacroAccuracy,
        NasMetric.LogLoss => m.LogLoss,
        _ => m.MicroAccuracy,
    };

    private static double Binary(Microsoft.ML.Data.CalibratedBinaryClassificationMetrics m, NasMetric metric) => metric switch
    {
        NasMetric.Accuracy => m.Accuracy,
        NasMetric.LogLoss => m.LogLoss,
        _ => m.AreaUnderRocCurve,
    };

    private static double Regression(Microsoft.ML.Data.RegressionMetrics m, NasMetric metric) => metric switch
    {
        NasMetric.RootMeanSquaredError => m.RootMeanSquaredError,
        NasMetric.MeanAbsoluteError => m.MeanAbsoluteError,
        _ => m.RSquared,
    };
}
