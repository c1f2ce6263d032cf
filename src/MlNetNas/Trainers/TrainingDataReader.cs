using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Trainers.Heads;
using MlNetNas.Training;

namespace MlNetNas.Trainers;

/// <summary>Reads the feature vector and label columns of an <see cref="IDataView"/> into <see cref="TrainingData"/>.</summary>
internal static class TrainingDataReader
{
    /// <summary>
    /// Reads every row. Multiclass labels (keys 1..k) become 0..k-1; binary labels become 0/1. Rows with a
    /// missing label (key 0 or NaN) are skipped; a non-finite feature is an error naming the row and slot.
    /// </summary>
    public static TrainingData Read(IDataView data, string featureColumn, string labelColumn, NasTaskKind task)
    {
        var features = data.Schema.GetColumnOrNull(featureColumn)
            ?? throw new ArgumentException($"The feature column '{featureColumn}' is not in the data; columns are: {string.Join(", ", data.Schema.Select(c => c.Name))}.");
        var label = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentException($"The label column '{labelColumn}' is not in the data; columns are: {string.Join(", ", data.Schema.Select(c => c.Name))}.");
        if (features.Type is not VectorDataViewType { ItemType: NumberDataViewType number, IsKnownSize: true } vector || number.RawType != typeof(float))
        {
            throw new ArgumentException($"The feature column '{featureColumn}' must be a known-size vector of Single; it is {features.Type}.");
        }

        var head = TaskHeads.For(task);
        if (!head.Accepts(label))
        {
            throw new ArgumentException($"The label column '{label.Name}' is {label.Type}; {task} needs {head.ExpectedLabel}.");
        }

        int width = vector.Size;
        // Counted first, so the rows × width values are allocated once: a growing list would hold up to three times them.
        long rows = CountLabelled(data, label, head);
        if (rows * width > Array.MaxLength)
        {
            throw new InvalidOperationException($"{rows} rows × {width} features do not fit one array; a network needs fewer features (e.g. fewer hashed or one-hot slots) or fewer rows.");
        }

        var values = new float[rows * width];
        var targets = new float[rows];
        using var cursor = data.GetRowCursor([features, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getTarget = head.TargetGetter(cursor, label);
        var buffer = default(VBuffer<float>);
        long row = 0;
        int kept = 0;
        while (cursor.MoveNext() && kept < rows)
        {
            row++;
            float target = getTarget();
            if (float.IsNaN(target))
            {
                continue;
            }

            getFeatures(ref buffer);
            var destination = values.AsSpan(kept * width, width);
            buffer.CopyTo(destination);
            for (int slot = 0; slot < width; slot++)
            {
                if (!float.IsFinite(destination[slot]))
                {
                    throw new InvalidOperationException(
                        $"Row {row}, slot {slot} of '{featureColumn}' is {destination[slot]}; networks need finite features. Replace missing values (e.g. ReplaceMissingValues) before the NAS trainer.");
                }
            }

            targets[kept++] = target;
        }

        return new TrainingData(values, width, targets);
    }

    private static long CountLabelled(IDataView data, DataViewSchema.Column label, ITaskHead head)
    {
        using var cursor = data.GetRowCursor([label]);
        var getTarget = head.TargetGetter(cursor, label);
        long rows = 0;
        while (cursor.MoveNext())
        {
            rows += float.IsNaN(getTarget()) ? 0 : 1;
        }

        return rows;
    }
}
