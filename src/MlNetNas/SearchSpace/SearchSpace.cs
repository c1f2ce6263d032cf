using System.Collections;
using System.Text;
using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// Named options, in insertion order. A search space is itself an option, so spaces nest; its feature
/// space is the concatenation of its children's, and it decodes to an object parameter with one child per option.
/// </summary>
public sealed class SearchSpace : SearchOption, IEnumerable<KeyValuePair<string, SearchOption>>
{
    private readonly List<KeyValuePair<string, SearchOption>> _options = [];
    private readonly Dictionary<string, SearchOption> _index = new(StringComparer.Ordinal);

    /// <summary>Creates an empty search space.</summary>
    public SearchSpace()
    {
    }

    /// <summary>The number of options.</summary>
    public int Count => _options.Count;

    /// <summary>The option names in insertion order.</summary>
    public IEnumerable<string> Names => _options.Select(o => o.Key);

    /// <summary>The option named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such option; the message lists the names that exist.</exception>
    public SearchOption this[string name] => _index.TryGetValue(name, out var option)
        ? option
        : throw new KeyNotFoundException($"The search space has no option '{name}'; its options are: {NameList()}.");

    /// <summary>Whether an option named <paramref name="name"/> exists.</summary>
    public bool ContainsKey(string name) => _index.ContainsKey(name);

    /// <summary>Adds an option and returns this space, for chaining.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the option would contain this space.</exception>
    public SearchSpace Add(string name, SearchOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("An option name cannot be null or empty.", nameof(name));
        }

        if (_index.ContainsKey(name))
        {
            throw new ArgumentException($"The search space already has an option named '{name}'; its options are: {NameList()}.", nameof(name));
        }

        if (option.Contains(this))
        {
            throw new ArgumentException($"Option '{name}' contains this search space; a space cannot nest inside itself.", nameof(option));
        }

        _options.Add(new(name, option));
        _index.Add(name, option);
        return this;
    }

    /// <inheritdoc />
    public override int FeatureSpaceDimension => _options.Sum(o => o.Value.FeatureSpaceDimension);

    /// <inheritdoc />
    public override Parameter Default =>
        Parameter.FromObject(_options.Select(o => new KeyValuePair<string, Parameter>(o.Key, o.Value.Default)).ToList());

    /// <summary>Draws a point uniformly from the unit hypercube and decodes it.</summary>
    public Parameter Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var point = new double[FeatureSpaceDimension];
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = random.NextDouble();
        }

        return Decode(point, string.Empty);
    }

    /// <summary>The space as JSON; <see cref="FromJson"/> reads it back.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a space written by <see cref="ToJson"/>, including nested and conditional options.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or describes an invalid option; the message names where.</exception>
    public static SearchSpace FromJson(string json) => SearchOptionJson.ReadSpace(json);

    /// <summary>The options in insertion order.</summary>
    public IEnumerator<KeyValuePair<string, SearchOption>> GetEnumerator() => _options.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override Parameter Decode(ReadOnlySpan<double> unit, string path)
    {
        var children = new KeyValuePair<string, Parameter>[_options.Count];
        var offset = 0;
        for (var i = 0; i < _options.Count; i++)
        {
            var (name, option) = _options[i];
            var dimension = option.FeatureSpaceDimension;
            children[i] = new(name, option.Decode(unit.Slice(offset, dimension), Join(path, name)));
            offset += dimension;
        }

        return Parameter.FromObject(children);
    }

    internal override void Encode(Parameter value, Span<double> destination, string path)
    {
        if (!value.IsObject)
        {
            throw new ArgumentException($"Value {value.ToJson()} of {Name(path)} must be an object with keys: {NameList()}.");
        }

        foreach (var key in value.Keys)
        {
            if (!_index.ContainsKey(key))
            {
                throw new ArgumentException($"Value of {Name(path)} has key '{key}', which is not an option; options are: {NameList()}.");
            }
        }

        var offset = 0;
        foreach (var (name, option) in _options)
        {
            if (!value.ContainsKey(name))
            {
                throw new ArgumentException($"Value of {Name(path)} lacks key '{name}'; it has keys: {string.Join(", ", value.Keys)}.");
            }

            var dimension = option.FeatureSpaceDimension;
            option.Encode(value[name], destination.Slice(offset, dimension), Join(path, name));
            offset += dimension;
        }
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "space");
        writer.WriteStartObject("options");
        foreach (var (name, option) in _options)
        {
            writer.WritePropertyName(name);
            option.WriteJson(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal override bool Contains(SearchOption option) =>
        ReferenceEquals(this, option) || _options.Any(o => o.Value.Contains(option));

    private string NameList() => _options.Count == 0 ? "(none)" : string.Join(", ", Names);
}
