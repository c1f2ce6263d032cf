using System.Text.Json;

namespace MlNetNas.SearchSpace;

/// <summary>
/// A branching option: one branch is chosen by name and only its sub-space is active. Decodes to an object
/// <c>{ [Discriminator] = branch name, ...that branch's parameters }</c>. The feature space is one coordinate
/// for the branch followed by every branch's coordinates; inactive ones are ignored when decoding and set to
/// the encoding of their defaults when encoding.
/// </summary>
public sealed class ConditionalOption : SearchOption
{
    private readonly KeyValuePair<string, SearchSpace>[] _branches;

    /// <summary>Creates a conditional option; branches keep the dictionary's enumeration (insertion) order.</summary>
    /// <exception cref="ArgumentException">
    /// The discriminator is empty, there are no branches, a branch name is empty, or a branch has an option named like the discriminator.
    /// </exception>
    public ConditionalOption(string discriminator, IReadOnlyDictionary<string, SearchSpace> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (string.IsNullOrEmpty(discriminator))
        {
            throw new ArgumentException("A conditional option needs a non-empty discriminator name.", nameof(discriminator));
        }

        _branches = branches.ToArray();
        if (_branches.Length == 0)
        {
            throw new ArgumentException($"Conditional option '{discriminator}' needs at least one branch.", nameof(branches));
        }

        foreach (var (name, space) in _branches)
        {
            if (string.IsNullOrEmpty(name) || space is null)
            {
                throw new ArgumentException($"Conditional option '{discriminator}' has a branch with an empty name or a null space.", nameof(branches));
            }

            if (space.ContainsKey(discriminator))
            {
                throw new ArgumentException(
                    $"Branch '{name}' has an option named '{discriminator}', which is the discriminator of its conditional option.", nameof(branches));
            }
        }

        Discriminator = discriminator;
    }

    /// <summary>The key under which the decoded parameter names its branch.</summary>
    public string Discriminator { get; }

    /// <summary>The branches in order.</summary>
    public IReadOnlyList<KeyValuePair<string, SearchSpace>> Branches => _branches;

    /// <summary>The branch names in order.</summary>
    public IEnumerable<string> BranchNames => _branches.Select(b => b.Key);

    /// <inheritdoc />
    public override int FeatureSpaceDimension => 1 + _branches.Sum(b => b.Value.FeatureSpaceDimension);

    /// <inheritdoc />
    public override Parameter Default => WithDiscriminator(_branches[0].Key, _branches[0].Value.Default);

    /// <summary>Prefixes a branch's decoded parameter with the discriminator.</summary>
    internal Parameter WithDiscriminator(string branch, Parameter branchValue) =>
        Parameter.FromObject(branchValue.Children.Prepend(new(Discriminator, Parameter.FromString(branch))).ToList());

    internal override Parameter Decode(ReadOnlySpan<double> unit, string path)
    {
        var chosen = ChoiceOption.IndexFromUnit(unit[0], _branches.Length);
        var offset = 1;
        for (var i = 0; i < chosen; i++)
        {
            offset += _branches[i].Value.FeatureSpaceDimension;
        }

        var (name, space) = _branches[chosen];
        return WithDiscriminator(name, space.Decode(unit.Slice(offset, space.FeatureSpaceDimension), path));
    }

    internal override void Encode(Parameter value, Span<double> destination, string path)
    {
        if (!value.IsObject || !value.ContainsKey(Discriminator) || value[Discriminator].Kind != ParameterKind.String)
        {
            throw new ArgumentException(
                $"Value {value.ToJson()} of {Name(path)} must be an object whose string '{Discriminator}' names a branch: {string.Join(", ", BranchNames)}.");
        }

        var branch = value[Discriminator].AsString();
        var chosen = Array.FindIndex(_branches, b => b.Key == branch);
        if (chosen < 0)
        {
            throw new ArgumentException(
                $"Value of {Name(path)} names branch '{branch}' under '{Discriminator}'; branches are: {string.Join(", ", BranchNames)}.");
        }

        destination[0] = ChoiceOption.UnitFromIndex(chosen, _branches.Length);
        var offset = 1;
        for (var i = 0; i < _branches.Length; i++)
        {
            var space = _branches[i].Value;
            var dimension = space.FeatureSpaceDimension;
            var own = i == chosen
                ? Parameter.FromObject(value.Children.Where(c => c.Key != Discriminator).ToList())
                : space.Default;
            space.Encode(own, destination.Slice(offset, dimension), path);
            offset += dimension;
        }
    }

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "conditional");
        writer.WriteString("discriminator", Discriminator);
        writer.WriteStartObject("branches");
        foreach (var (name, space) in _branches)
        {
            writer.WritePropertyName(name);
            space.WriteJson(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal override bool Contains(SearchOption option) =>
        ReferenceEquals(this, option) || _branches.Any(b => b.Value.Contains(option));
}
