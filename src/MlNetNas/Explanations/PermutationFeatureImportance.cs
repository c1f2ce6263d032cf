using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Reporting;

namespace MlNetNas.Explanations;

/// <summary>
/// Permutation feature importance (Breiman 2001; the method of ML.NET's <c>PermutationFeatureImportance</c>) of a whole
/// model on its original input columns: each column in turn is shuffled across the rows, the model scores the rows
/// again, and the drop of the metric is that column's importance. ML.NET's own method permutes the slots of the last
/// trainer's feature vector (one-hot slots, hashed categories); this one permutes what the user's file holds, through
/// the featurizer, so a category column gets one number.
/// </summary>
public static class PermutationFeatureImportance
{
    /// <summary>The most rows scored; a seeded subset of larger data (the ranking settles long before).</summary>
    public const int MaxRows = 5000;

    /// <summary>
    /// The importance of every scalar column of <paramref name="data"/> but the label (or of <paramref name="columns"/>),
    /// most important first. <paramref name="model"/> is a deployable model (for classification its <c>PredictedLabel</c>
    /// in the label's own values, as model.zip holds); the metric is the task's (log loss reads as accuracy). Columns not
    /// reached within <paramref name="timeLimit"/> are listed as unscored. <paramref name="scorer"/>, when given, scores
    /// the rows in place of <paramref name="model"/> (e.g. the same pipeline as one ONNX graph, batched).
    /// </summary>
    public static FeatureImportanceResult Compute(MLContext mlContext, ITransformer model, IDataView data, NasTask task, IReadOnlyList<string> classNames,
        IEnumerable<string>? columns = null, int permutations = 3, int seed = 1, TimeSpan? timeLimit = null, Func<IDataView, TestPredictions>? scorer = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        var (rows, count) = Subset(mlContext, data, seed);
        var label = rows.Schema.GetColumnOrNull(task.LabelColumnName)
            ?? throw new ArgumentException($"The data has no label column '{task.LabelColumnName}': permutation importance scores labelled rows.", nameof(data));
        var chosen = columns?.Select(c => rows.Schema.GetColumnOrNull(c) ?? throw new ArgumentException($"The data has no column '{c}'.", nameof(columns))).ToArray()
            ?? rows.Schema.Where(c => !c.IsHidden && c.Index != label.Index && c.Type is not VectorDataViewType).ToArray();
        // The model.zip scores row by row through ML.NET; a batched scorer (pipeline.onnx) gives the same predictions faster.
        scorer ??= view => TestPredictions.Score(task, model, view, task.LabelColumnName, classNames);
        double Score(IDataView view) => scorer(view).Metric(task.Metric == NasMetric.LogLoss ? NasMetric.Accuracy : task.Metric);
        double baseline = Score(rows);
        var random = new Random(seed);
        var importances = new List<FeatureImportance>();
        var unscored = new List<string>();
        foreach (var column in chosen)
        {
            if (clock.Elapsed > timeLimit)
            {
                unscored.Add(column.Name);
                continue;
            }

            var drops = new double[permutations];
            Func<int[], IDataView> shuffled = Shuffler(rows, column);
            for (int p = 0; p < permutations; p++)
            {
                var order = Enumerable.Range(0, count).ToArray();
                random.Shuffle(order);
                double metric = Score(shuffled(order));
                drops[p] = task.IsMaximizing ? baseline - metric : metric - baseline;
            }

            double mean = drops.Average();
            double spread = permutations > 1 ? Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (permutations - 1)) : 0;
            importances.Add(new FeatureImportance(column.Name, mean, spread));
        }

        var metricUsed = task.Metric == NasMetric.LogLoss ? NasMetric.Accuracy : task.Metric;
        return new FeatureImportanceResult([.. importances.OrderByDescending(i => i.Drop).ThenBy(i => i.Column, StringComparer.Ordinal)], metricUsed, baseline, count, permutations, unscored);
    }

    /// <summary>The rows to score, cached: all of them, or a seeded subset of about <see cref="MaxRows"/>.</summary>
    private static (IDataView Rows, int Count) Subset(MLContext ml, IDataView data, int seed)
    {
        long count = Data.DataViewValues.RowCount(data);
        var rows = count > MaxRows ? ml.Data.TrainTestSplit(data, MaxRows / (double)count, seed: seed).TestSet : data;
        // Cached: each shuffle reads the rows again, and row i must be the same row every time.
        var cached = ml.Data.Cache(rows);
        return (cached, (int)Data.DataViewValues.RowCount(cached));
    }

    /// <summary>A function from a row order to the view with <paramref name="column"/> in that order, for the column's element type.</summary>
    private static Func<int[], IDataView> Shuffler(IDataView rows, DataViewSchema.Column column)
    {
        var method = typeof(PermutationFeatureImportance).GetMethod(nameof(TypedShuffler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType);
        return (Func<int[], IDataView>)method.Invoke(null, [rows, column])!;
    }

    private static Func<int[], IDataView> TypedShuffler<T>(IDataView rows, DataViewSchema.Column column)
    {
        var values = ColumnShuffledView<T>.Read(rows, column);
        return order => new ColumnShuffledView<T>(rows, column.Index, values, order);
    }
}
