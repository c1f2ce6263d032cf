namespace MlNetNas.Training;

/// <summary>
/// Examples as flat arrays: <see cref="Features"/> is row-major [rows × width]; <see cref="Targets"/> holds
/// class indices (as floats), 0/1 labels or regression values, one per row.
/// </summary>
public sealed class TrainingData
{
    /// <summary>Wraps arrays; throws <see cref="ArgumentException"/> when their sizes disagree.</summary>
    public TrainingData(float[] features, int width, float[] targets)
    {
        if (width <= 0 || features.Length != (long)targets.Length * width)
        {
            throw new ArgumentException($"Features hold {features.Length} values, which is not {targets.Length} rows × {width} columns.");
        }

        Features = features;
        Width = width;
        Targets = targets;
    }

    /// <summary>The features, row after row.</summary>
    public float[] Features { get; }

    /// <summary>Features per row.</summary>
    public int Width { get; }

    /// <summary>One target per row.</summary>
    public float[] Targets { get; }

    /// <summary>The number of rows.</summary>
    public int Rows => Targets.Length;
}
