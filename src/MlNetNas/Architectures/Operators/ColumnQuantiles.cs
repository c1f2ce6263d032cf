namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The sorted values of one column of a row-major batch, and its quantiles (linear interpolation between the order
/// statistics, as NumPy's default); missing values (NaN) are left out.
/// </summary>
internal sealed class ColumnQuantiles
{
    private readonly float[] sorted;

    private ColumnQuantiles(float[] sorted) => this.sorted = sorted;

    /// <summary>Column <paramref name="column"/> of <paramref name="values"/>, a batch of rows <paramref name="width"/> wide.</summary>
    private static ColumnQuantiles Of(float[] values, int width, int column)
    {
        var sorted = new List<float>(values.Length / width);
        for (int i = column; i < values.Length; i += width)
        {
            if (!float.IsNaN(values[i]))
            {
                sorted.Add(values[i]);
            }
        }

        sorted.Sort();
        return new ColumnQuantiles(sorted.ToArray());
    }

    /// <summary>Every column of <paramref name="batch"/>, [rows, width].</summary>
    public static ColumnQuantiles[] OfEach(TorchSharp.torch.Tensor batch)
    {
        float[] values = GraphLayer.ValuesOf(batch);
        int width = (int)batch.shape[1];
        return Enumerable.Range(0, width).Select(j => Of(values, width, j)).ToArray();
    }

    /// <summary>The <paramref name="q"/>-quantile (0: the smallest value, 1: the largest); 0 for an empty column.</summary>
    public double At(double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        double position = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double fraction = position - below;
        return sorted[below] + (fraction * (sorted[above] - sorted[below]));
    }
}
