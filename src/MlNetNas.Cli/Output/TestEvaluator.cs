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
            ? string.Create(CultureInfo.InvariantCulture, $", AUC ({test.ClassNames[1]} positive) = {test.Metric(NasMetric.AreaUnderRocCurve):F4}")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"accuracy = {test.Metric(NasMetric.Accuracy):F4}, macro accuracy = {test.Metric(NasMetric.MacroAccuracy):F4}{auc}, n = {test.Truth.Count(t => t.Length > 0)}");
    }
}
