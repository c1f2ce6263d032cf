using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// An integer in [<see cref="Min"/>, <see cref="Max"/>]. On a linear scale one coordinate is split into
/// equal intervals, one per integer, so every integer is equally likely; on a log scale the coordinate is
/// mapped log-uniformly onto [min, max + 1) and floored.
/// </summary>
public sealed class IntRangeOption : SearchOption
{
    private readonly int? _explicitDefault;

    /// <summary>Creates an integer range.</summary>
    /// <exception cref="ArgumentException">min &gt; max, a log scale with min &lt;= 0, or a default outside the range.</exception>
    public IntRangeOption(int min, int max, bool logScale = false, int? defaultValue = null)
    {
        if (min > max)
        {
            throw new ArgumentException($"An int range needs min <= max; got min={min}, max={max}.", nameof(max));
        }

        if (logScale && min <= 0)
        {
            throw new ArgumentException($"A log-scale int range needs min > 0; got min={min}, max={max}.", nameof(min));
        }

        if (defaultValue is { } d && (d < min || d > max))
        {
            throw new ArgumentException($"The default {d} lies outside the int range [{min}, {max}].", nameof(defaultValue));
        }

        Min = min;
        Max = max;
        LogScale = logScale;
        _explicitDefault = defaultValue;
    }

    /// <summary>The smallest value (inclusive).</summary>
    public int Min { get; }

    /// <summary>The largest value (inclusive).</summary>
    public int Max { get; }

    /// <summary>Whether values are spread log-uniformly.</summary>
    public bool LogScale { get; }

    /// <summary>The default given to the constructor, if any.</summary>
    public int? ExplicitDefault => _explicitDefault;

    /// <inheritdoc />
    public override int FeatureSpaceDimension => 1;

    /// <inheritdoc />
    public override Parameter Default => Parameter.FromInt(_explicitDefault ?? MidPoint());

    /// <summary>The integer that the unit coordinate <paramref name="u"/> decodes to.</summary>
    public int ValueAt(double u)
    {
        u = Clamp01(u);
        if (!LogScale)
        {
            var count = (long)Max - Min + 1;
            return (int)(Min + Math.Min((long)(u * count), count - 1));
        }

        if (u >= 1)
        {
            return Max;
        }

        var lo = Math.Log(Min);
        var hi = Math.Log(Max + 1.0);
        var x = Math.Floor(Math.Exp(lo + (u * (hi - lo))));
        return (int)Math.Clamp(x, Min, Max);
    }

    private int MidPoint() => LogScale
        ? (int)Math.Clamp(Math.Round(Math.Sqrt((double)Min * Max)), Min, Max)
        : (int)(Min + (((long)Max - Min) / 2));

    internal override Parameter Decode(ReadOnlySpan<double> unit, string path) => Parameter.FromInt(ValueAt(unit[0]));

    internal override void Encode(Parameter value, Span<double> destination, string path)
    {
        long v;
        try
        {
            v = value.AsLong();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"Value {value.ToJson()} of {Name(path)} must be an integer: {e.Message}", e);
        }

        if (v < Min || v > Max)
        {
            throw new ArgumentException($"Value {v} of {Name(path)} lies outside [{Min}, {Max}].");
        }

        double guess;
        if (!LogScale)
        {
            guess = (v - Min + 0.5) / ((long)Max - Min + 1);
        }
        else
        {
            // The middle, in log space, of [v, v + 1): the interval that floors to v.
            var lo = Math.Log(Min);
            var hi = Math.Log(Max + 1.0);
            guess = Clamp01((((Math.Log(v) + Math.Log(v + 1.0)) / 2) - lo) / (hi - lo));
        }

        destination[0] = InvertMonotone(u => ValueAt(u), v, guess);
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "int");
        writer.WriteNumber("min", Min);
        writer.WriteNumber("max", Max);
        writer.WriteBoolean("logScale", LogScale);
        if (_explicitDefault is { } d)
        {
            writer.WriteNumber("default", d);
        }

        writer.WriteEndObject();
    }
}
