using Microsoft.ML;
using Microsoft.ML.Data;
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

        CheckLabelType(label, task);
        int width = vector.Size;
        var values = new List<float>();
        var targets = new List<float>();
        using var cursor = data.GetRowCursor([features, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getTarget = TargetGetter(cursor, label, task);
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

    private static void CheckLabelType(DataViewSchema.Column label, NasTaskKind task)
    {
        bool ok = task switch
        {
            NasTaskKind.MulticlassClassification => label.Type is KeyDataViewType,
            NasTaskKind.BinaryClassification => label.Type is BooleanDataViewType,
            NasTaskKind.Regression => label.Type == NumberDataViewType.Single,
            _ => false,
        };
        if (!ok)
        {
            string expected = task switch
            {
                NasTaskKind.MulticlassClassification => "a key type (use MapValueToKey)",
                NasTaskKind.BinaryClassification => "Boolean",
                _ => "Single",
            };
            throw new ArgumentException($"The label column '{label.Name}' is {label.Type}; {task} needs {expected}.");
        }
    }

    private static Func<float> TargetGetter(DataViewRowCursor cursor, DataViewSchema.Column label, NasTaskKind task)
    {
        switch (task)
        {
            case NasTaskKind.MulticlassClassification:
                var key = cursor.GetGetter<uint>(label);
                uint k = 0;
                return () => { key(ref k); return k == 0 ? float.NaN : k - 1; };
            case NasTaskKind.BinaryClassification:
                var flag = cursor.GetGetter<bool>(label);
                bool b = false;
                return () => { flag(ref b); return b ? 1f : 0f; };
            default:
                var number = cursor.GetGetter<float>(label);
                float f = 0;
                return () => { number(ref f); return f; };
        }
    }
}
