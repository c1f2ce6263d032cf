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
        // One pass over the scored rows: every pass runs the whole model again.
        var scored = model.Transform(test);
        bool binary = task.Kind == NasTaskKind.BinaryClassification;
        bool multiclass = task.Kind == NasTaskKind.MulticlassClassification || binary;
        bool twoClasses = multiclass && classNames.Count == 2;
        var label = scored.Schema[labelColumn];
        var predictedColumn = scored.Schema.GetColumnOrNull("PredictedLabel");
        // Binary models give the positive class's probability as a scalar; multiclass ones a vector of class probabilities.
        var scoreColumn = scored.Schema[binary ? "Probability" : "Score"];
        var columns = new List<DataViewSchema.Column> { label, scoreColumn };
        if (multiclass)
        {
            columns.Add(predictedColumn!.Value);
        }

        var truth = new List<string>();
        var predicted = new List<string>();
        var scores = new List<double>();
        using (var cursor = scored.GetRowCursor(columns))
        {
            var getLabel = TextGetter(cursor, label);
            var getPredicted = multiclass ? TextGetter(cursor, predictedColumn!.Value) : null;
            var getVector = twoClasses && !binary ? cursor.GetGetter<VBuffer<float>>(scoreColumn) : null;
            var getScalar = multiclass && !binary ? null : cursor.GetGetter<float>(scoreColumn);
            var vector = default(VBuffer<float>);
            float scalar = 0;
            while (cursor.MoveNext())
            {
                truth.Add(getLabel());
                if (getPredicted is not null)
                {
                    predicted.Add(getPredicted());
                }

                if (getVector is not null)
                {
                    getVector(ref vector);
                    scores.Add(vector.GetItemOrDefault(1));
                }
                else if (getScalar is not null)
                {
                    getScalar(ref scalar);
                    scores.Add(scalar);
                }
            }
        }

        if (multiclass)
        {
            var rows = truth.Zip(predicted).Where(p => p.First.Length > 0).ToArray();
            double accuracy = rows.Count(p => p.First == p.Second) / (double)rows.Length;
            double macro = rows.GroupBy(p => p.First).Average(g => g.Count(p => p.First == p.Second) / (double)g.Count());
            string auc = string.Empty;
            if (twoClasses)
            {
                // The second class in sorted order is the positive one, as in training.
                var kept = Enumerable.Range(0, truth.Count).Where(i => truth[i].Length > 0).ToArray();
                double value = AreaUnderRocCurve.Compute(kept.Select(i => scores[i]).ToArray(), kept.Select(i => truth[i] == classNames[1]).ToArray());
                auc = string.Create(CultureInfo.InvariantCulture, $", AUC ({classNames[1]} positive) = {value:F4}");
            }

            return string.Create(CultureInfo.InvariantCulture, $"accuracy = {accuracy:F4}, macro accuracy = {macro:F4}{auc}, n = {rows.Length}");
        }

        var pairs = truth.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Zip(scores).Where(p => double.IsFinite(p.First)).ToArray();
        double mean = pairs.Average(p => p.First);
        double ssRes = pairs.Sum(p => (p.First - p.Second) * (p.First - p.Second));
        double ssTot = pairs.Sum(p => (p.First - mean) * (p.First - mean));
        double mae = pairs.Average(p => Math.Abs(p.First - p.Second));
        return string.Create(CultureInfo.InvariantCulture, $"R² = {1 - (ssRes / ssTot):F4}, RMSE = {Math.Sqrt(ssRes / pairs.Length):F4}, MAE = {mae:F4}, n = {pairs.Length}");
    }

    /// <summary>A column's value as text: trimmed text, or a number written back exactly.</summary>
    private static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            var text = default(ReadOnlyMemory<char>);
            return () =>
            {
                getText(ref text);
                return text.ToString().Trim();
            };
        }

        var getNumber = cursor.GetGetter<float>(column);
        float number = 0;
        return () =>
        {
            getNumber(ref number);
            return number.ToString("R", CultureInfo.InvariantCulture);
        };
    }
}
