using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Trainers;

namespace MlNetNas.Cli.Output;

/// <summary>Scores a held-out test file with the saved model and describes the metrics.</summary>
internal static class TestEvaluator
{
    public static string Describe(MLContext ml, NasTask task, ITransformer model, IDataView test, string labelColumn)
    {
        var scored = model.Transform(test);
        if (task.Kind == NasTaskKind.MulticlassClassification)
        {
            var truth = ReadText(scored, labelColumn);
            var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString()).ToArray();
            var rows = truth.Zip(predicted).Where(p => p.First.Length > 0).ToArray();
            double accuracy = rows.Count(p => p.First == p.Second) / (double)rows.Length;
            double macro = rows.GroupBy(p => p.First).Average(g => g.Count(p => p.First == p.Second) / (double)g.Count());
            return string.Create(CultureInfo.InvariantCulture, $"accuracy = {accuracy:F4}, macro accuracy = {macro:F4}, n = {rows.Length}");
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
