using System.Globalization;
using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// A double in [<see cref="Min"/>, <see cref="Max"/>], spread uniformly or, on a log scale, log-uniformly.
/// The unit-interval ends decode exactly to the range ends, and decoded values are rounded to 15 significant
/// digits: a plain exp/affine map skips some doubles (one ulp of u moves the value by more than one ulp), while
/// every number of at most 15 significant digits in the range, such as a default of 0.001, is a decoded value and
/// so encodes and decodes back exactly.
/// </summary>
public sealed class FloatRangeOption : SearchOption
{
    private readonly double? _explicitDefault;

    /// <summary>Creates a double range.</summary>
    /// <exception cref="ArgumentException">A bound is not finite, min &gt; max, a log scale with min &lt;= 0, or a default outside the range.</exception>
    public FloatRangeOption(double min, double max, bool logScale = false, double? defaultValue = null)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !double.IsFinite(max - min))
        {
            throw new ArgumentException($"A float range needs finite bounds and width; got min={Format(min)}, max={Format(max)}.", nameof(min));
        }

        if (min > max)
        {
            throw new ArgumentException($"A float range needs min <= max; got min={Format(min)}, max={Format(max)}.", nameof(max));
        }

        if (logScale && min <= 0)
        {
            throw new ArgumentException($"A log-scale float range needs min > 0; got min={Format(min)}, max={Format(max)}.", nameof(min));
        }

        if (defaultValue is { } d && !(d >= min && d <= max))
        {
            throw new ArgumentException(
                $"The default {Format(d)} lies outside the float range [{Format(min)}, {Format(max)}].", nameof(defaultValue));
        }

        Min = min;
        Max = max;
        LogScale = logScale;
        _explicitDefault = defaultValue;
    }

    /// <summary>The smallest value (inclusive).</summary>
    public double Min { get; }

    /// <summary>The largest value (inclusive).</summary>
    public double Max { get; }

    /// <summary>Whether values are spread log-uniformly.</summary>
    public bool LogScale { get; }

    /// <summary>The default given to the constructor, if any.</summary>
    public double? ExplicitDefault => _explicitDefault;

    /// <inheritdoc />
    public override int FeatureSpaceDimension => 1;

    /// <inheritdoc />
    public override Parameter Default => Parameter.FromDouble(_explicitDefault ?? MidPoint());

    /// <summary>The value that the unit coordinate <paramref name="u"/> decodes to.</summary>
    public double ValueAt(double u)
    {
        u = Clamp01(u);
        if (u == 0)
        {
            return Min;
        }

        if (u == 1)
        {
            return Max;
        }

        var x = LogScale
            ? Math.Exp(Math.Log(Min) + (u * (Math.Log(Max) - Math.Log(Min))))
            : Min + (u * (Max - Min));
        return Math.Clamp(double.Parse(x.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), Min, Max);
    }

    // The decoded centre of the unit interval: the (geometric) midpoint, rounded like every decoded value.
    private double MidPoint() => ValueAt(0.5);

    internal override Parameter Decode(ReadOnlySpan<double> unit, string path) => Parameter.FromDouble(ValueAt(unit[0]));

    internal override void Encode(Parameter value, Span<double> destination, string path)
    {
        double v;
        try
        {
            v = value.AsDouble();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"Value {value.ToJson()} of {Name(path)} must be a number: {e.Message}", e);
        }

        if (v < Min || v > Max)
        {
            throw new ArgumentException($"Value {Format(v)} of {Name(path)} lies outside [{Format(Min)}, {Format(Max)}].");
        }

        double guess;
        if (Max == Min)
        {
            guess = 0.5;
        }
        else if (LogScale)
        {
            guess = Clamp01((Math.Log(v) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)));
        }
        else
        {
            guess = Clamp01((v - Min) / (Max - Min));
        }

        destination[0] = InvertMonotone(ValueAt, v, guess);
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "float");
        writer.WritePropertyName("min");
        writer.WriteRawValue(Parameter.FormatDouble(Min));
        writer.WritePropertyName("max");
        writer.WriteRawValue(Parameter.FormatDouble(Max));
        writer.WriteBoolean("logScale", LogScale);
        if (_explicitDefault is { } d)
        {
            writer.WritePropertyName("default");
            writer.WriteRawValue(Parameter.FormatDouble(d));
        }

        writer.WriteEndObject();
    }
}
