using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>Reads the JSON that <see cref="SearchOption"/> kinds write; errors name the JSON path.</summary>
internal static class SearchOptionJson
{
    public static SearchSpace ReadSpace(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadOption(document.RootElement, "$") as SearchSpace
                ?? throw new ArgumentException("Search space JSON must have type 'space' at its root.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Search space JSON is not valid: {e.Message}", nameof(json), e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // JsonElement getters throw these on a value of the wrong JSON kind or range.
            throw new ArgumentException($"Search space JSON has a value of the wrong kind: {e.Message}", nameof(json), e);
        }
    }

    private static SearchOption ReadOption(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Search space JSON at {path} must be an object; got {element.ValueKind}.");
        }

        var type = Required(element, "type", path).GetString();
        try
        {
            switch (type)
            {
                case "space":
                    var space = new SearchSpace();
                    foreach (var child in Required(element, "options", path).EnumerateObject())
                    {
                        space.Add(child.Name, ReadOption(child.Value, path + "." + child.Name));
                    }

                    return space;
                case "choice":
                    return new ChoiceOption(Required(element, "values", path).EnumerateArray()
                        .Select((v, i) => (object)Parameter.Read(v, $"{path}.values[{i}]"))
                        .ToArray());
                case "int":
                    return new IntRangeOption(
                        Required(element, "min", path).GetInt32(),
                        Required(element, "max", path).GetInt32(),
                        Optional(element, "logScale")?.GetBoolean() ?? false,
                        Optional(element, "default")?.GetInt32());
                case "float":
                    return new FloatRangeOption(
                        Required(element, "min", path).GetDouble(),
                        Required(element, "max", path).GetDouble(),
                        Optional(element, "logScale")?.GetBoolean() ?? false,
                        Optional(element, "default")?.GetDouble());
                case "constant":
                    return new ConstantOption(Parameter.Read(Required(element, "value", path), path + ".value"));
                case "conditional":
                    var branches = new Dictionary<string, SearchSpace>(StringComparer.Ordinal);
                    foreach (var branch in Required(element, "branches", path).EnumerateObject())
                    {
                        branches.Add(branch.Name, ReadOption(branch.Value, path + "." + branch.Name) as SearchSpace
                            ?? throw new ArgumentException($"Search space JSON at {path}.{branch.Name}: a branch must have type 'space'."));
                    }

                    return new ConditionalOption(Required(element, "discriminator", path).GetString()!, branches);
                default:
                    throw new ArgumentException(
                        $"Search space JSON at {path} has unknown type '{type}'; known types: space, choice, int, float, constant, conditional.");
            }
        }
        catch (ArgumentException e) when (!e.Message.StartsWith("Search space JSON", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Search space JSON at {path}: {e.Message}", e);
        }
    }

    private static JsonElement Required(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new ArgumentException($"Search space JSON at {path} lacks the property '{name}'.");

    private static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
