using Microsoft.ML;
using Microsoft.ML.Data;
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
            NasTaskKind.MulticlassClassification when task.Metric == NasMetric.AreaUnderRocCurve => TwoClassAuc(scored),
            NasTaskKind.MulticlassClassification => Multiclass(ml.MulticlassClassification.Evaluate(scored, label), task.Metric),
            NasTaskKind.BinaryClassification => Binary(ml.BinaryClassification.Evaluate(scored, label), task.Metric),
            _ => Regression(ml.Regression.Evaluate(scored, label), task.Metric),
        };
        return double.IsFinite(value) ? value : throw new InvalidOperationException($"The validation {task.Metric} is {value}.");
    }

    /// <summary>AUC of the second class (key 2) against the first, from its probability in the Score vector.</summary>
    private static double TwoClassAuc(IDataView scored)
    {
        var keys = scored.GetColumn<uint>(CandidateContext.LabelColumn).ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var rows = Enumerable.Range(0, keys.Length).Where(i => keys[i] > 0).ToArray();
        if (scores.Length > 0 && scores[0].Length != 2)
        {
            throw new InvalidOperationException($"AUC needs exactly two classes; the label has {scores[0].Length}.");
        }

        return AreaUnderRocCurve.Compute(rows.Select(i => (double)scores[i][1]).ToArray(), rows.Select(i => keys[i] == 2).ToArray());
    }

    private static double Multiclass(MulticlassClassificationMetrics m, NasMetric metric) => metric switch
    {
        NasMetric.MacroAccuracy => m.MacroAccuracy,
        NasMetric.LogLoss => m.LogLoss,
        _ => m.MicroAccuracy,
    };

    private static double Binary(CalibratedBinaryClassificationMetrics m, NasMetric metric) => metric switch
    {
        NasMetric.Accuracy => m.Accuracy,
        NasMetric.LogLoss => m.LogLoss,
        _ => m.AreaUnderRocCurve,
    };

    private static double Regression(RegressionMetrics m, NasMetric metric) => metric switch
    {
        NasMetric.RootMeanSquaredError => m.RootMeanSquaredError,
        NasMetric.MeanAbsoluteError => m.MeanAbsoluteError,
        _ => m.RSquared,
    };
}
