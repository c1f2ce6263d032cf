using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetNas.Trainers.Heads;

/// <summary>
/// What the exact heads share: synthetic rows of the ONNX output's type to fit them on, the one-pass settings under
/// which a built-in linear trainer lands exactly on weight 1 and bias 0, and the check that it did.
/// </summary>
internal static class ExactHeadParts
{
    /// <summary>
    /// One pass over the two synthetic rows, in order, with a fixed rate, no averaging and no regularization: the
    /// documented update rules then land exactly on weight 1, bias 0 (checked by <see cref="CheckIdentity"/>).
    /// </summary>
    public static TOptions SingleExactStep<TOptions>(TOptions options, string column)
        where TOptions : AveragedLinearOptions
    {
        options.FeatureColumnName = column;
        options.LabelColumnName = "Label";
        options.DecreaseLearningRate = false;
        options.NumberOfIterations = 1;
        options.L2Regularization = 0;
        options.Shuffle = false;
        options.Averaged = false;
        return options;
    }

    /// <summary>Throws unless the learned map is exactly y = x.</summary>
    public static void CheckIdentity(IReadOnlyList<float> weights, float bias, string head)
    {
        float[] w = weights.ToArray();
        if (w.Length != 1 || w[0] != 1f || bias != 0f)
        {
            throw new InvalidOperationException($"The {head} head did not come out as an exact identity (weights [{string.Join(", ", w)}], bias {bias}).");
        }
    }

    /// <summary>Rows of a one-slot vector column <paramref name="column"/> with labels.</summary>
    public static IDataView OneSlotRows<TLabel>(MLContext ml, string column, VectorDataViewType type, (float X, TLabel Y)[] rows, DataViewType labelType) =>
        ml.Data.LoadFromEnumerable(
            rows.Select(r => new HeadRow<TLabel> { X = [r.X], Label = r.Y }),
            Definition<TLabel>(column, type, labelType));

    /// <summary>Rows of a vector column <paramref name="column"/> with Single labels.</summary>
    public static IDataView VectorRows(MLContext ml, string column, VectorDataViewType type, (float[] X, float Y)[] rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new HeadRow<float> { X = r.X, Label = r.Y }), Definition<float>(column, type, NumberDataViewType.Single));

    private static SchemaDefinition Definition<TLabel>(string column, VectorDataViewType type, DataViewType labelType)
    {
        var definition = SchemaDefinition.Create(typeof(HeadRow<TLabel>));
        // The indexer finds columns by their current name: set the type before renaming.
        definition[nameof(HeadRow<TLabel>.Label)].ColumnType = labelType;
        definition[nameof(HeadRow<TLabel>.X)].ColumnType = type;
        definition[nameof(HeadRow<TLabel>.X)].ColumnName = column;
        return definition;
    }

    private sealed class HeadRow<TLabel>
    {
        public float[] X { get; set; } = [];

        public TLabel Label { get; set; } = default!;
    }
}
