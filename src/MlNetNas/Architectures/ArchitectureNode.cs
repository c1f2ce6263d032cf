namespace MlNetNas.Architectures;

/// <summary>
/// One operator application in an <see cref="ArchitectureGraph"/>: its unique id, the operator's name
/// (see <see cref="Operators.OperatorRegistry"/>), the ids of its inputs ("input" is the graph input)
/// and numeric attributes (e.g. "units" for a linear layer, "p" for dropout).
/// </summary>
public sealed record ArchitectureNode(string Id, string Operator, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, double> Attributes)
{
    /// <summary>Creates a node with no attributes.</summary>
    public ArchitectureNode(string id, string op, params string[] inputs)
        : this(id, op, inputs, new Dictionary<string, double>())
    {
    }

    /// <summary>An attribute's value, or <paramref name="fallback"/> when the node does not set it.</summary>
    public double Attribute(string name, double fallback) => Attributes.TryGetValue(name, out double v) ? v : fallback;

    /// <summary>A required attribute's value.</summary>
    /// <exception cref="InvalidOperationException">The node does not set the attribute.</exception>
    public double RequiredAttribute(string name) => Attributes.TryGetValue(name, out double v)
        ? v
        : throw new InvalidOperationException($"Node '{Id}' ({Operator}) needs the attribute '{name}'.");

    /// <inheritdoc />
    public bool Equals(ArchitectureNode? other) =>
        other is not null && Id == other.Id && Operator == other.Operator && Inputs.SequenceEqual(other.Inputs)
        && Attributes.Count == other.Attributes.Count
        && Attributes.All(a => other.Attributes.TryGetValue(a.Key, out double v) && v.Equals(a.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Operator, Inputs.Count, Attributes.Count);
}
