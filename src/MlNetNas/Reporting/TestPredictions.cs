using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Trainers;

namespace MlNetNas.Reporting;

/// <summary>
/// The winner's predictions on a test set, row by row: the true label, the predicted class (classification) and the
/// score (the positive class's probability for two classes, the prediction itself for regression).
/// </summary>
public sealed record TestPredictions(IReadOnlyList<string> Truth, IReadOnlyList<string> Predicted, IReadOnlyList<double> Scores, IReadOnlyList<string> ClassNames)
{
    /// <summary>Scores <paramref name="test"/> with <paramref name="model"/> in one pass: every pass runs the whole model again.</summary>
    public static TestPredictions Score(NasTask task, ITransformer model, IDataView test, string labelColumn, IReadOnlyList<string> classNames)
    {
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
            var getLabel = Data.DataViewValues.TextGetter(cursor, label);
            var getPredicted = multiclass ? Data.DataViewValues.TextGetter(cursor, predictedColumn!.Value) : null;
            var getVector = multiclass && !binary ? cursor.GetGetter<VBuffer<float>>(scoreColumn) : null;
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
                    // With two classes the second one's probability is the positive score; otherwise the winning class's.
                    getVector(ref vector);
                    scores.Add(twoClasses ? vector.GetItemOrDefault(1) : vector.GetValues().ToArray().DefaultIfEmpty(0f).Max());
                }
                else if (getScalar is not null)
                {
                    getScalar(ref scalar);
                    scores.Add(scalar);
                }
            }
        }

        return new TestPredictions(truth, predicted, scores, classNames);
    }


    /// <summary>A column's value as text: trimmed text, or a number written back exactly.</summary>
    /// <summary>A column's values as text, row by row (trimmed text, or numbers written back exactly), as <see cref="Truth"/> holds labels.</summary>
    internal static string[] Texts(IDataView data, string columnName)
    {
        var column = data.Schema[columnName];
        var texts = new List<string>();
        using var cursor = data.GetRowCursor([column]);
        var get = Data.DataViewValues.TextGetter(cursor, column);
        while (cursor.MoveNext())
        {
            texts.Add(get());
        }

        return [.. texts];
    }

    /// <summary>Whether the rows hold predicted classes (otherwise regression values in <see cref="Scores"/>).</summary>
    public bool IsClassification => Predicted.Count > 0;

    /// <summary>The classes in the matrix's order (the model's classes, then any label the model never saw) and the counts by true row and predicted column; rows without a label are left out.</summary>
    public (IReadOnlyList<string> Classes, long[,] Counts) ConfusionMatrix()
    {
        var classes = ClassNames.Concat(Truth.Concat(Predicted).Where(v => v.Length > 0)).Distinct(StringComparer.Ordinal).ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var counts = new long[classes.Length, classes.Length];
        for (int r = 0; r < Truth.Count; r++)
        {
            if (Truth[r].Length > 0)
            {
                counts[index[Truth[r]], index[Predicted[r]]]++;
            }
        }

        return (classes, counts);
    }

    /// <summary>Precision, recall and support of each class (NaN precision for a class never predicted).</summary>
    public IReadOnlyList<ClassScores> PerClass()
    {
        var (classes, counts) = ConfusionMatrix();
        return classes.Select((c, i) =>
        {
            long truePositive = counts[i, i], actual = 0, predicted = 0;
            for (int j = 0; j < classes.Count; j++)
            {
                actual += counts[i, j];
                predicted += counts[j, i];
            }

            return new ClassScores(c, predicted == 0 ? double.NaN : truePositive / (double)predicted, actual == 0 ? double.NaN : truePositive / (double)actual, actual);
        }).ToArray();
    }

    /// <summary>
    /// <paramref name="metric"/> on these rows: accuracy, macro accuracy, AUC (two classes, the second positive), R², RMSE
    /// or MAE. Log loss needs every class's probability, which these rows do not keep: it reads as accuracy.
    /// </summary>
    public double Metric(NasMetric metric)
    {
        if (IsClassification)
        {
            var rows = Truth.Zip(Predicted).Where(p => p.First.Length > 0).ToArray();
            return metric switch
            {
                NasMetric.MacroAccuracy => rows.GroupBy(p => p.First).Average(g => g.Count(p => p.First == p.Second) / (double)g.Count()),
                NasMetric.AreaUnderRocCurve when ClassNames.Count == 2 => AreaUnderRocCurve.Compute(
                    Enumerable.Range(0, Truth.Count).Where(i => Truth[i].Length > 0).Select(i => Scores[i]).ToArray(),
                    Truth.Where(t => t.Length > 0).Select(t => t == ClassNames[1]).ToArray()),
                _ => rows.Count(p => p.First == p.Second) / (double)rows.Length,
            };
        }

        var pairs = Residuals();
        double squares = pairs.Sum(p => p.Residual * p.Residual);
        if (metric == NasMetric.RootMeanSquaredError)
        {
            return Math.Sqrt(squares / pairs.Count);
        }

        if (metric == NasMetric.MeanAbsoluteError)
        {
            return pairs.Average(p => Math.Abs(p.Residual));
        }

        double mean = pairs.Average(p => p.Predicted + p.Residual);
        return 1 - (squares / pairs.Sum(p => Math.Pow(p.Predicted + p.Residual - mean, 2)));
    }

    /// <summary>Regression rows with a numeric label: (prediction, label − prediction).</summary>
    public IReadOnlyList<(double Predicted, double Residual)> Residuals() =>
        Truth.Select((t, i) => (Ok: double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v), Value: v, Score: Scores[i]))
            .Where(r => r.Ok && double.IsFinite(r.Value) && double.IsFinite(r.Score))
            .Select(r => (r.Score, r.Value - r.Score))
            .ToArray();
}

/// <summary>One class's precision and recall on a test set, and how many rows hold it.</summary>
public sealed record ClassScores(string Class, double Precision, double Recall, long Support);
