using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ScoreModelZip;

/// <summary>
/// Scores a CSV file with a model.zip saved with its data loader (<c>mlContext.Model.Save(model, loader, path)</c>),
/// using ML.NET's own packages only: whatever the model was trained with, the loading app needs no trainer library.
/// </summary>
public static class ModelZipScorer
{
    /// <summary>Loads <paramref name="modelPath"/>, reads <paramref name="dataPath"/> with the model's own loader and scores every row.</summary>
    /// <param name="modelPath">A model.zip that contains its data loader.</param>
    /// <param name="dataPath">A file shaped like the training file.</param>
    /// <param name="labelColumn">A column of the loaded file to return beside each prediction, or null.</param>
    public static IReadOnlyList<Prediction> Score(string modelPath, string dataPath, string? labelColumn = null)
    {
        var ml = new MLContext(seed: 0);
        // Without Microsoft.ML.OnnxTransformer and Microsoft.ML.OnnxRuntime this fails with "Model does not contain an IDataLoader".
        var model = ml.Model.LoadWithDataLoader(modelPath, out var loader);
        var data = loader.Load(new MultiFileSource(dataPath));
        var scored = model.Transform(data);

        var scoreColumn = scored.Schema.GetColumnOrNull("Score")
            ?? throw new InvalidOperationException($"'{modelPath}' produces no Score column; its columns are: {string.Join(", ", scored.Schema.Select(c => c.Name))}.");
        var scores = ReadScores(scored, scoreColumn);
        var predicted = scored.Schema.GetColumnOrNull("PredictedLabel") is { } p ? ReadText(ml, scored, p) : null;
        string?[]? labels = null;
        if (labelColumn is not null)
        {
            var column = data.Schema.GetColumnOrNull(labelColumn)
                ?? throw new ArgumentException($"The label column '{labelColumn}' is not in the loaded data; its columns are: {string.Join(", ", data.Schema.Select(c => c.Name))}.", nameof(labelColumn));
            labels = ReadText(ml, data, column);
        }

        return scores.Select((score, i) => new Prediction(predicted?[i], score, labels?[i])).ToArray();
    }

    /// <summary>The fraction of rows whose predicted label equals the label; null without labels or predicted labels.</summary>
    public static double? Accuracy(IReadOnlyList<Prediction> predictions)
    {
        if (predictions.Count == 0 || predictions.Any(p => p.Label is null || p.PredictedLabel is null))
        {
            return null;
        }

        return predictions.Count(p => string.Equals(p.PredictedLabel, p.Label?.Trim(), StringComparison.Ordinal)) / (double)predictions.Count;
    }

    private static float[][] ReadScores(IDataView scored, DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType { ItemType: NumberDataViewType n } when n == NumberDataViewType.Single => scored.GetColumn<float[]>(column).ToArray(),
        NumberDataViewType n when n == NumberDataViewType.Single => scored.GetColumn<float>(column).Select(s => new[] { s }).ToArray(),
        _ => throw new NotSupportedException($"The Score column is {column.Type}; expected Single or a vector of Single."),
    };

    private static string?[] ReadText(MLContext ml, IDataView view, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case TextDataViewType:
                return view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => (string?)v.ToString()).ToArray();
            case BooleanDataViewType:
                return view.GetColumn<bool>(column).Select(v => (string?)(v ? "true" : "false")).ToArray();
            case NumberDataViewType n when n == NumberDataViewType.Single:
                return view.GetColumn<float>(column).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)).ToArray();
            case KeyDataViewType when column.HasKeyValues():
                // A model saved without MapKeyToValue: turn the key back into its value (the class name).
                const string valueColumn = "__PredictedValue";
                var mapped = ml.Transforms.Conversion.MapKeyToValue(valueColumn, column.Name).Fit(view).Transform(view);
                return ReadText(ml, mapped, mapped.Schema[valueColumn]);
            case KeyDataViewType:
                return view.GetColumn<uint>(column).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)).ToArray();
            case VectorDataViewType { ItemType: TextDataViewType, Size: 1 }:
                return view.GetColumn<VBuffer<ReadOnlyMemory<char>>>(column).Select(v => (string?)v.GetItemOrDefault(0).ToString()).ToArray();
            default:
                throw new NotSupportedException($"Column '{column.Name}' is {column.Type}; expected text, Boolean, Single or a key.");
        }
    }
}
