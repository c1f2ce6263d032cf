using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// A sampled value: an immutable tree whose nodes are either objects of named children (in insertion
/// order) or leaves holding a string, a 64-bit integer, a finite double or a boolean. Equality is by value
/// over the whole tree; the order of an object's children does not matter for equality.
/// </summary>
public sealed class Parameter : IEquatable<Parameter>
{
    private readonly object? _leaf;
    private readonly KeyValuePair<string, Parameter>[] _children;
    private readonly Dictionary<string, Parameter>? _index;

    private Parameter(ParameterKind kind, object? leaf, KeyValuePair<string, Parameter>[] children, Dictionary<string, Parameter>? index)
    {
        Kind = kind;
        _leaf = leaf;
        _children = children;
        _index = index;
    }

    /// <summary>What this node holds.</summary>
    public ParameterKind Kind { get; }

    /// <summary>True when this node is an object of named children.</summary>
    public bool IsObject => Kind == ParameterKind.Object;

    /// <summary>The children's names in insertion order; empty for a leaf.</summary>
    public IEnumerable<string> Keys => _children.Select(c => c.Key);

    /// <summary>The children in insertion order; empty for a leaf.</summary>
    public IReadOnlyList<KeyValuePair<string, Parameter>> Children => _children;

    /// <summary>The child named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such child; the message names the key and the keys that exist.</exception>
    public Parameter this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            if (_index is not null && _index.TryGetValue(key, out var child))
            {
                return child;
            }

            var existing = _index is null
                ? $"it is a {Describe()} leaf, which has no keys"
                : _children.Length == 0 ? "it has no keys" : "its keys are: " + string.Join(", ", Keys);
            throw new KeyNotFoundException($"Parameter has no key '{key}'; {existing}.");
        }
    }

    /// <summary>Whether this node is an object with a child named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _index is not null && _index.ContainsKey(key);

    /// <summary>An integer leaf.</summary>
    public static Parameter FromInt(long v) => new(ParameterKind.Integer, v, [], null);

    /// <summary>A double leaf.</summary>
    /// <exception cref="ArgumentException"><paramref name="v"/> is NaN or infinite.</exception>
    public static Parameter FromDouble(double v)
    {
        if (!double.IsFinite(v))
        {
            throw new ArgumentException($"A parameter value must be a finite number; got {v.ToString(CultureInfo.InvariantCulture)}.", nameof(v));
        }

        return new(ParameterKind.Double, v, [], null);
    }

    /// <summary>A string leaf.</summary>
    public static Parameter FromString(string v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(ParameterKind.String, v, [], null);
    }

    /// <summary>A boolean leaf.</summary>
    public static Parameter FromBool(bool v) => new(ParameterKind.Bool, v, [], null);

    /// <summary>An object node; children keep the given order.</summary>
    /// <exception cref="ArgumentException">Two children share a name, or a name or child is null.</exception>
    public static Parameter FromObject(IEnumerable<KeyValuePair<string, Parameter>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var list = children.ToArray();
        var index = new Dictionary<string, Parameter>(list.Length, StringComparer.Ordinal);
        foreach (var (key, child) in list)
        {
            if (key is null || child is null)
            {
                throw new ArgumentException("A parameter object cannot have a null name or a null child.", nameof(children));
            }

            if (!index.TryAdd(key, child))
            {
                throw new ArgumentException($"A parameter object cannot have two children named '{key}'.", nameof(children));
            }
        }

        return new(ParameterKind.Object, null, list, index);
    }

    /// <summary>
    /// A leaf from a CLR value: string, bool, any integer type (stored as long), double or float
    /// (a float is stored as the double its shortest text denotes, so 0.1f becomes 0.1), an enum
    /// (stored as its name), or a <see cref="Parameter"/> (returned as is).
    /// </summary>
    /// <exception cref="ArgumentException">The value has another type or is not finite.</exception>
    public static Parameter FromValue(object value) => value switch
    {
        Parameter p => p,
        string s => FromString(s),
        bool b => FromBool(b),
        int i => FromInt(i),
        long l => FromInt(l),
        short s16 => FromInt(s16),
        byte u8 => FromInt(u8),
        sbyte s8 => FromInt(s8),
        ushort u16 => FromInt(u16),
        uint u32 => FromInt(u32),
        double d => FromDouble(d),
        float f => FromDouble(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        Enum e => FromString(e.ToString()),
        null => throw new ArgumentNullException(nameof(value), "A parameter value cannot be null."),
        _ => throw new ArgumentException(
            $"A parameter value must be a string, bool, integer, double, float or enum; got {value.GetType().Name} '{value}'.", nameof(value)),
    };

    /// <summary>The leaf as an int.</summary>
    /// <exception cref="InvalidOperationException">Not an integer (or an integral double), or out of the int range.</exception>
    public int AsInt()
    {
        var v = AsLong();
        if (v is < int.MinValue or > int.MaxValue)
        {
            throw new InvalidOperationException($"Parameter value {v} does not fit in an int.");
        }

        return (int)v;
    }

    /// <summary>The leaf as a long; an integral double is accepted.</summary>
    /// <exception cref="InvalidOperationException">Not an integer or an integral double in the long range.</exception>
    public long AsLong()
    {
        if (_leaf is long l)
        {
            return l;
        }

        if (_leaf is double d && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18)
        {
            return (long)d;
        }

        throw new InvalidOperationException($"Parameter is a {Describe()}, not an integer.");
    }

    /// <summary>The leaf as a double; integers are accepted.</summary>
    /// <exception cref="InvalidOperationException">Not a number.</exception>
    public double AsDouble() => _leaf switch
    {
        double d => d,
        long l => l,
        _ => throw new InvalidOperationException($"Parameter is a {Describe()}, not a number."),
    };

    /// <summary>The leaf as a float (rounded from <see cref="AsDouble"/>).</summary>
    public float AsFloat() => (float)AsDouble();

    /// <summary>The leaf as a string; numbers and booleans are formatted with the invariant culture.</summary>
    /// <exception cref="InvalidOperationException">The node is an object.</exception>
    public string AsString() => _leaf switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new InvalidOperationException("Parameter is an object, not a string."),
    };

    /// <summary>The leaf as a bool.</summary>
    /// <exception cref="InvalidOperationException">Not a boolean.</exception>
    public bool AsBool() => _leaf is bool b ? b : throw new InvalidOperationException($"Parameter is a {Describe()}, not a bool.");

    /// <summary>
    /// The child named <paramref name="key"/> converted to <typeparamref name="T"/>: int, long, double, float,
    /// string, bool or <see cref="Parameter"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such child.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is another type.</exception>
    public T GetValue<T>(string key)
    {
        var child = this[key];
        object value = typeof(T) switch
        {
            var t when t == typeof(int) => child.AsInt(),
            var t when t == typeof(long) => child.AsLong(),
            var t when t == typeof(double) => child.AsDouble(),
            var t when t == typeof(float) => child.AsFloat(),
            var t when t == typeof(string) => child.AsString(),
            var t when t == typeof(bool) => child.AsBool(),
            var t when t == typeof(Parameter) => child,
            _ => throw new NotSupportedException(
                $"GetValue<{typeof(T).Name}> is not supported; use int, long, double, float, string, bool or Parameter."),
        };
        return (T)value;
    }

    /// <summary>Compact JSON; doubles always carry a decimal point or exponent so they read back as doubles.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads the JSON written by <see cref="ToJson"/> (exact round trip).</summary>
    /// <exception cref="ArgumentException">The text is not JSON, or holds null or an array.</exception>
    public static Parameter FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, "$");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Parameter JSON is not valid: {e.Message}", nameof(json), e);
        }
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        switch (_leaf)
        {
            case null:
                writer.WriteStartObject();
                foreach (var (key, child) in _children)
                {
                    writer.WritePropertyName(key);
                    child.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteRawValue(FormatDouble(d));
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
        }
    }

    internal static string FormatDouble(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny(".eE") >= 0 ? text : text + ".0";
    }

    internal static Parameter Read(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return FromObject(element.EnumerateObject()
                    .Select(p => new KeyValuePair<string, Parameter>(p.Name, Read(p.Value, path + "." + p.Name)))
                    .ToList());
            case JsonValueKind.String:
                return FromString(element.GetString()!);
            case JsonValueKind.True:
                return FromBool(true);
            case JsonValueKind.False:
                return FromBool(false);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetInt64(out var l))
                {
                    return FromInt(l);
                }

                return FromDouble(element.GetDouble());
            default:
                throw new ArgumentException($"Parameter JSON at {path} is {element.ValueKind}; expected an object, string, number or boolean.");
        }
    }

    private string Describe() => _leaf switch
    {
        null => "object",
        long l => $"integer ({l.ToString(CultureInfo.InvariantCulture)})",
        double d => $"double ({d.ToString("R", CultureInfo.InvariantCulture)})",
        string s => $"string ('{s}')",
        bool b => $"bool ({(b ? "true" : "false")})",
        _ => "value",
    };

    /// <inheritdoc />
    public bool Equals(Parameter? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        if (_index is null)
        {
            return _leaf!.Equals(other._leaf);
        }

        if (_index.Count != other._index!.Count)
        {
            return false;
        }

        foreach (var (key, child) in _children)
        {
            if (!other._index.TryGetValue(key, out var theirs) || !child.Equals(theirs))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Parameter other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_index is null)
        {
            return HashCode.Combine(Kind, _leaf);
        }

        // Order-insensitive, like equality.
        var hash = 17;
        foreach (var (key, child) in _children)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), child.GetHashCode());
        }

        return hash;
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Parameter? left, Parameter? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Parameter? left, Parameter? right) => !(left == right);

    /// <summary>The JSON text, for logs and debugging.</summary>
    public override string ToString() => ToJson();
}
