using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

/// <summary>
/// Turns the user's label column into the "Label" column every candidate reads: a key over the sorted class
/// names for multiclass (text or numbers), Boolean for binary (a Boolean label, or two classes of text or numbers, the
/// second in sorted order being true), Single for regression. Used for training and evaluation only; the deployable
/// model never needs the label.
/// </summary>
internal sealed class LabelPreparation
{
    private const string TextLabel = "__nas_label_text";
    private readonly ITransformer transformer;

    private LabelPreparation(ITransformer transformer, IReadOnlyList<string> classNames)
    {
        this.transformer = transformer;
        ClassNames = classNames;
    }

    /// <summary>The class names in key order (multiclass), or the false and true classes (binary from two classes), else empty.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public static LabelPreparation Create(MLContext ml, NasTask task, IDataView data)
    {
        var column = data.Schema.GetColumnOrNull(task.LabelColumnName)
            ?? throw new ArgumentException($"The label column '{task.LabelColumnName}' is not in the data; columns are: {string.Join(", ", data.Schema.Select(c => c.Name))}.");
        const string label = CandidateContext.LabelColumn;
        switch (task.Kind)
        {
            case NasTaskKind.MulticlassClassification:
            {
                var (toText, classes) = Classes(ml, column, data);
                var keyData = ml.Data.LoadFromEnumerable(classes.Select(c => new ClassRow { Value = c }));
                var pipeline = toText.Append(ml.Transforms.Conversion.MapValueToKey(label, TextLabel, keyData: keyData));
                return new LabelPreparation(pipeline.Fit(data), classes);
            }

            case NasTaskKind.BinaryClassification:
            {
                if (column.Type is BooleanDataViewType)
                {
                    return new LabelPreparation(ml.Transforms.CopyColumns(label, column.Name).Fit(data), []);
                }

                var (toText, classes) = Classes(ml, column, data);
                if (classes.Count != 2)
                {
                    throw new ArgumentException($"Binary classification needs a Boolean label or two classes; '{column.Name}' has {classes.Count} ({string.Join(", ", classes.Take(5))}). Use multiclass classification.");
                }

                var pipeline = toText.Append(ml.Transforms.Conversion.MapValue(label, [KeyValuePair.Create(classes[0], false), KeyValuePair.Create(classes[1], true)], TextLabel));
                return new LabelPreparation(pipeline.Fit(data), classes);
            }

            default:
                if (column.Type is not NumberDataViewType)
                {
                    throw new ArgumentException($"Regression needs a numeric label; '{column.Name}' is {column.Type}.");
                }

                return new LabelPreparation(ml.Transforms.Conversion.ConvertType(label, column.Name, DataKind.Single).Fit(data), []);
        }
    }

    public IDataView Transform(IDataView data) => transformer.Transform(data);

    /// <summary>The label as trimmed text and its sorted classes (at least two).</summary>
    private static (IEstimator<ITransformer> ToText, IReadOnlyList<string> Classes) Classes(MLContext ml, DataViewSchema.Column column, IDataView data)
    {
        IEstimator<ITransformer> toText = column.Type is TextDataViewType
            ? ml.Transforms.CopyColumns(TextLabel, column.Name)
            : ml.Transforms.Conversion.ConvertType(TextLabel, column.Name, DataKind.String);
        var classes = SortedClasses(toText.Fit(data).Transform(data).GetColumn<ReadOnlyMemory<char>>(TextLabel).Select(v => v.ToString().Trim()));
        if (classes.Count < 2)
        {
            throw new ArgumentException($"The label column '{column.Name}' has only one class ({string.Join(", ", classes)}); classification needs at least two.");
        }

        return (toText, classes);
    }

    private static IReadOnlyList<string> SortedClasses(IEnumerable<string> values)
    {
        var distinct = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        bool numeric = distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : distinct.OrderBy(v => v, StringComparer.Ordinal).ToArray();
    }

    private sealed class ClassRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
