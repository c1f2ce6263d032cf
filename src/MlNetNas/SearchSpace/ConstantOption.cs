using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>A fixed value that takes no feature-space coordinates.</summary>
public sealed class ConstantOption : SearchOption
{
    private readonly Parameter _value;

    /// <summary>Creates a constant; <paramref name="value"/> is a string, number, bool, enum or <see cref="Parameter"/>.</summary>
    /// <exception cref="ArgumentException">The value has an unsupported type.</exception>
    public ConstantOption(object value)
    {
        _value = Parameter.FromValue(value);
    }

    /// <summary>The constant value.</summary>
    public Parameter Value => _value;

    /// <inheritdoc />
    public override int FeatureSpaceDimension => 0;

    /// <inheritdoc />
    public override Parameter Default => _value;

    internal override Parameter Decode(ReadOnlySpan<double> unit, string path) => _value;

    internal override void Encode(Parameter value, Span<double> destination, string path)
    {
        if (!_value.Equals(value))
        {
            throw new ArgumentException($"Value {value.ToJson()} differs from the constant {_value.ToJson()} of {Name(path)}.");
        }
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "constant");
        writer.WritePropertyName("value");
        _value.WriteTo(writer);
        writer.WriteEndObject();
    }
}
