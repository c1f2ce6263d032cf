using System.Globalization;

namespace MlNetNas.Reporting.Charts;

/// <summary>
/// A linear axis from data bounds to pixels, widened to round tick values (1, 2 or 5 times a power of ten) so that
/// the labels read well.
/// </summary>
internal sealed class AxisScale
{
    private AxisScale(double min, double max, double step, double pixelStart, double pixelEnd)
    {
        Min = min;
        Max = max;
        Step = step;
        PixelStart = pixelStart;
        PixelEnd = pixelEnd;
    }

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    public double PixelStart { get; }

    public double PixelEnd { get; }

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IEnumerable<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step);
            for (int i = 0; i <= count; i++)
            {
                yield return Min + (i * Step);
            }
        }
    }

    /// <summary>A scale over the finite values of <paramref name="values"/> (0 to 1 when there are none), mapped to the pixel range.</summary>
    public static AxisScale Fit(IEnumerable<double> values, double pixelStart, double pixelEnd, int targetTicks = 5)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }

        if (double.IsPositiveInfinity(low))
        {
            (low, high) = (0, 1);
        }

        if (high - low < 1e-12 * Math.Max(1, Math.Abs(high)))
        {
            // One value: a small band around it, so the point sits in the middle of the plot.
            double pad = Math.Abs(low) > 1e-9 ? Math.Abs(low) * 0.05 : 0.5;
            (low, high) = (low - pad, high + pad);
        }

        double step = NiceStep((high - low) / targetTicks);
        return new AxisScale(Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step, pixelStart, pixelEnd);
    }

    /// <summary>The pixel position of a value.</summary>
    public double ToPixel(double value) => PixelStart + ((value - Min) / (Max - Min) * (PixelEnd - PixelStart));

    /// <summary>A tick label with as many decimals as the step needs.</summary>
    public string Label(double value)
    {
        int decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(Step)), 0, 6);
        return Math.Abs(value) >= 1e6 || (Math.Abs(value) < 1e-4 && value != 0)
            ? value.ToString("0.##E+0", CultureInfo.InvariantCulture)
            : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }
}
