using System.Globalization;
using MlNetNas.Experiment;
using MlNetNas.Reporting;

namespace MlNetNas.Cli.Output;

/// <summary>The test-set metrics of the saved model in one line.</summary>
internal static class TestEvaluator
{
    /// <summary>The test metrics in one line: accuracy, macro accuracy and, for two classes, AUC; or R², RMSE and MAE.</summary>
    public static string Describe(TestPredictions test)
    {
        if (!test.IsClassification)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"R² = {test.Metric(NasMetric.RSquared):F4}, RMSE = {test.Metric(NasMetric.RootMeanSquaredError):F4}, MAE = {test.Metric(NasMetric.MeanAbsoluteError):F4}, n = {test.Residuals().Count}");
        }

        // The second class in sorted order is the positive one, as in training.
        string auc = test.ClassNames.Count == 2
            ? string.Create(CultureInfo.InvariantCulture, $", AUC ({test.ClassNames[1]} positive) = {test.Metric(NasMetric.AreaUnderRocCurve):F4}, F1 ({test.ClassNames[1]}) = {F1(test, test.ClassNames[1]):F4}")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"accuracy = {test.Metric(NasMetric.Accuracy):F4}, macro accuracy = {test.Metric(NasMetric.MacroAccuracy):F4}{auc}, n = {test.Truth.Count(t => t.Length > 0)}");
    }

    /// <summary>The F1 score of one class: the harmonic mean of its precision and recall (0 when it is never predicted right).</summary>
    public static double F1(TestPredictions test, string positive)
    {
        var scores = test.PerClass().FirstOrDefault(c => c.Class == positive);
        return scores is null || double.IsNaN(scores.Precision) || double.IsNaN(scores.Recall) || scores.Precision + scores.Recall == 0
            ? 0
            : 2 * scores.Precision * scores.Recall / (scores.Precision + scores.Recall);
    }
}
