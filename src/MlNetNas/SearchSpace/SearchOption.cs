using System.Globalization;
using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// A sweepable definition. Every option maps to and from a point of the unit hypercube of
/// <see cref="FeatureSpaceDimension"/> coordinates, so that any tuner can work on any space.
/// The set of option kinds is closed (it is what <see cref="SearchSpace.FromJson"/> can read).
/// </summary>
public abstract class SearchOption
{
    private protected SearchOption()
    {
    }

    /// <summary>How many unit-interval coordinates encode a value of this option.</summary>
    public abstract int FeatureSpaceDimension { get; }

    /// <summary>The default value: the first choice, or a range's explicit default or (geometric) midpoint.</summary>
    public abstract Parameter Default { get; }

    /// <summary>Decodes a point of the unit hypercube; coordinates outside [0, 1] are clamped.</summary>
    /// <exception cref="ArgumentException">The point has the wrong length or holds NaN.</exception>
    public Parameter SampleFromFeatureSpace(ReadOnlySpan<double> unit)
    {
        if (unit.Length != FeatureSpaceDimension)
        {
            throw new ArgumentException(
                $"Expected a feature-space point of {FeatureSpaceDimension} coordinates; got {unit.Length}.", nameof(unit));
        }

        for (var i = 0; i < unit.Length; i++)
        {
            if (double.IsNaN(unit[i]))
            {
                throw new ArgumentException($"Feature-space coordinate {i} is NaN; coordinates must lie in [0, 1].", nameof(unit));
            }
        }

        return Decode(unit, string.Empty);
    }

    /// <summary>Encodes a value as a point of the unit hypercube; decoding it gives the value back.</summary>
    /// <exception cref="ArgumentException">The value is not one this option can produce; the message says which part and why.</exception>
    public double[] MappingToFeatureSpace(Parameter value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var point = new double[FeatureSpaceDimension];
        Encode(value, point, string.Empty);
        return point;
    }

    internal abstract Parameter Decode(ReadOnlySpan<double> unit, string path);

    internal abstract void Encode(Parameter value, Span<double> destination, string path);

    internal abstract void WriteJson(Utf8JsonWriter writer);

    /// <summary>Whether <paramref name="option"/> is this option or nested anywhere inside it.</summary>
    internal virtual bool Contains(SearchOption option) => ReferenceEquals(this, option);

    /// <summary>Names an option in messages: its dotted path inside the space, or "the option" at the root.</summary>
    internal static string Name(string path) => path.Length == 0 ? "the option" : $"option '{path}'";

    internal static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    internal static double Clamp01(double u) => u <= 0 ? 0 : u >= 1 ? 1 : u;

    internal static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A u in [0, 1] with decode(u) == target: the guess if it works, else the smallest u with decode(u) &gt;= target.</summary>
    /// <remarks>
    /// A closed-form inverse can miss by one ulp after rounding; <paramref name="decode"/> is monotone, so bisection
    /// over the ordered bit patterns of non-negative doubles finds an exact preimage whenever one exists.
    /// </remarks>
    internal static double InvertMonotone(Func<double, double> decode, double target, double guess)
    {
        if (decode(guess) == target)
        {
            return guess;
        }

        long lo = 0, hi = BitConverter.DoubleToInt64Bits(1.0);
        if (decode(0) >= target)
        {
            return 0;
        }

        // Invariant: decode(lo) < target <= decode(hi) (or hi is 1.0).
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (decode(BitConverter.Int64BitsToDouble(mid)) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return BitConverter.Int64BitsToDouble(hi);
    }
}
