using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// One of a fixed list of values (strings, integers, doubles, floats, booleans or enum names). Encoded by one
/// coordinate split into equal intervals, one per value; the default is the first value.
/// </summary>
public sealed class ChoiceOption : SearchOption
{
    private readonly Parameter[] _parameters;

    /// <summary>Creates a choice among <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">No values, a value of an unsupported type, or a repeated value.</exception>
    public ChoiceOption(params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException("A choice needs at least one value.", nameof(values));
        }

        _parameters = new Parameter[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var p = values[i] is null
                ? throw new ArgumentException($"Choice value {i} is null; values must be strings, numbers or booleans.", nameof(values))
                : Parameter.FromValue(values[i]);
            if (p.IsObject)
            {
                throw new ArgumentException($"Choice value {i} is an object; values must be strings, numbers or booleans.", nameof(values));
            }

            if (Array.IndexOf(_parameters, p, 0, i) >= 0)
            {
                throw new ArgumentException($"Choice value {p.ToJson()} appears more than once.", nameof(values));
            }

            _parameters[i] = p;
        }

        Values = Array.AsReadOnly(_parameters.Select(ToClr).ToArray());
    }

    /// <summary>The values, normalised to string, long, double or bool.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <summary>The values as parameters, in order.</summary>
    public IReadOnlyList<Parameter> Choices => _parameters;

    /// <inheritdoc />
    public override int FeatureSpaceDimension => 1;

    /// <inheritdoc />
    public override Parameter Default => _parameters[0];

    internal static int IndexFromUnit(double u, int count) => Math.Min((int)(Clamp01(u) * count), count - 1);

    internal static double UnitFromIndex(int index, int count) => (index + 0.5) / count;

    internal override Parameter Decode(ReadOnlySpan<double> unit, string path) => _parameters[IndexFromUnit(unit[0], _parameters.Length)];

    internal override void Encode(Parameter value, Span<double> destination, string path)
    {
        var index = Array.IndexOf(_parameters, value);
        if (index < 0 && value.Kind is ParameterKind.Integer or ParameterKind.Double)
        {
            // An integer 2 and a double 2.0 name the same choice when only one of them is listed.
            index = Array.FindIndex(_parameters, p => p.Kind is ParameterKind.Integer or ParameterKind.Double && p.AsDouble() == value.AsDouble());
        }

        if (index < 0)
        {
            throw new ArgumentException(
                $"Value {value.ToJson()} is not a choice of {Name(path)}; choices are: {string.Join(", ", _parameters.Select(p => p.ToJson()))}.");
        }

        destination[0] = UnitFromIndex(index, _parameters.Length);
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "choice");
        writer.WriteStartArray("values");
        foreach (var p in _parameters)
        {
            p.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static object ToClr(Parameter p) => p.Kind switch
    {
        ParameterKind.Integer => p.AsLong(),
        ParameterKind.Double => p.AsDouble(),
        ParameterKind.Bool => p.AsBool(),
        _ => p.AsString(),
    };
}
