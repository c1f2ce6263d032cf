using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Trainers;

namespace MlNetNas.Cli.Output;

/// <summary>Scores a held-out test file with the saved model and describes the metrics.</summary>
internal static class TestEvaluator
{
    public static string Describe(MLContext ml, NasTask task, ITransformer model, IDataView test, string labelColumn, IReadOnlyList<string> classNames)
    {
        var scored = model.Transform(test);
        if (task.Kind == NasTaskKind.MulticlassClassification)
        {
            var truth = ReadText(scored, labelColumn);
            var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString()).ToArray();
            var rows = truth.Zip(predicted).Where(p => p.First.Length > 0).ToArray();
            double accuracy = rows.Count(p => p.First == p.Second) / (double)rows.Length;
            double macro = rows.GroupBy(p => p.First).Average(g => g.Count(p => p.First == p.Second) / (double)g.Count());
            string auc = string.Empty;
            if (classNames.Count == 2)
            {
                // The second class in sorted order is the positive one, as in training.
                var probabilities = scored.GetColumn<float[]>("Score").ToArray();
                var kept = Enumerable.Range(0, truth.Length).Where(i => truth[i].Length > 0).ToArray();
                double value = AreaUnderRocCurve.Compute(kept.Select(i => (double)probabilities[i][1]).ToArray(), kept.Select(i => truth[i] == classNames[1]).ToArray());
                auc = string.Create(CultureInfo.InvariantCulture, $", AUC ({classNames[1]} positive) = {value:F4}");
            }

            return string.Create(CultureInfo.InvariantCulture, $"accuracy = {accuracy:F4}, macro accuracy = {macro:F4}{auc}, n = {rows.Length}");
        }

        var y = ReadText(scored, labelColumn).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var s = scored.GetColumn<float>("Score").Select(v => (double)v).ToArray();
        var pairs = y.Zip(s).Where(p => double.IsFinite(p.First)).ToArray();
        double mean = pairs.Average(p => p.First);
        double ssRes = pairs.Sum(p => (p.First - p.Second) * (p.First - p.Second));
        double ssTot = pairs.Sum(p => (p.First - mean) * (p.First - mean));
        double mae = pairs.Average(p => Math.Abs(p.First - p.Second));
        return string.Create(CultureInfo.InvariantCulture, $"R² = {1 - (ssRes / ssTot):F4}, RMSE = {Math.Sqrt(ssRes / pairs.Length):F4}, MAE = {mae:F4}, n = {pairs.Length}");
    }

    private static string[] ReadText(IDataView view, string column)
    {
        var type = view.Schema[column].Type;
        if (type is TextDataViewType)
        {
            return view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString().Trim()).ToArray();
        }

        return view.GetColumn<float>(column).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
    }
}
