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
        var values = new List<float>();
        var targets = new List<float>();
        using var cursor = data.GetRowCursor([features, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getTarget = head.TargetGetter(cursor, label);
        var buffer = default(VBuffer<float>);
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            float target = getTarget();
            if (float.IsNaN(target))
            {
                continue;
            }

            getFeatures(ref buffer);
            int slot = 0;
            foreach (float v in buffer.DenseValues())
            {
                if (!float.IsFinite(v))
                {
                    throw new InvalidOperationException(
                        $"Row {row}, slot {slot} of '{featureColumn}' is {v}; networks need finite features. Replace missing values (e.g. ReplaceMissingValues) before the NAS trainer.");
                }

                values.Add(v);
                slot++;
            }

            targets.Add(target);
        }

        return new TrainingData(values.ToArray(), width, targets.ToArray());
    }
}
