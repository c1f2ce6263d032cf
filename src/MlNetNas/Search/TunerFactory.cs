namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>Creates tuners by name, for configuration files and the CLI.</summary>
public static class TunerFactory
{
    /// <summary>The members of the "auto" portfolio, in their first-turn order.</summary>
    public static readonly IReadOnlyList<string> AutoMembers = ["tpe", "evolution", "local-search", "random"];

    private const string PortfolioPrefix = "portfolio:";
    private static readonly string[] KnownNames = ["auto", "random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce"];

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names => KnownNames.AsReadOnly();

    /// <summary>
    /// Creates the tuner called <paramref name="name"/> (case-insensitive) over <paramref name="space"/>. Besides the
    /// single tuners, "auto" is a <see cref="PortfolioTuner"/> of <see cref="AutoMembers"/>, and
    /// "portfolio:A+B+…" a portfolio of the named tuners.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid names.</exception>
    public static ITuner Create(string name, SearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        var key = name?.Trim().ToLowerInvariant();
        if (key is not null && key.StartsWith(PortfolioPrefix, StringComparison.Ordinal))
        {
            return Portfolio(key[PortfolioPrefix.Length..].Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), space, seed);
        }

        return key switch
        {
            "auto" => Portfolio(AutoMembers, space, seed),
            "random" => new RandomTuner(space, seed),
            "grid" => new GridTuner(space, seed),
            "evolution" => new RegularizedEvolutionTuner(space, seed, aging: false),
            "regularized-evolution" => new RegularizedEvolutionTuner(space, seed),
            "local-search" => new LocalSearchTuner(space, seed),
            "tpe" => new TpeTuner(space, seed),
            "smac" => new SmacTuner(space, seed),
            "reinforce" => new ReinforceTuner(space, seed),
            _ => throw new ArgumentException($"Unknown tuner '{name}'; valid names: {string.Join(", ", KnownNames)}, or portfolio:NAME+NAME+….", nameof(name)),
        };
    }

    /// <summary>Whether <see cref="Create"/> accepts <paramref name="name"/>; when not, <paramref name="error"/> says why and lists the valid names.</summary>
    public static bool IsKnown(string name, out string? error)
    {
        try
        {
            _ = Create(name, new SearchSpace().Add("x", new ChoiceOption(0, 1)), 0);
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message.Split(" (Parameter", 2)[0];
            return false;
        }
    }

    private static PortfolioTuner Portfolio(IReadOnlyList<string> members, SearchSpace space, int seed)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("A portfolio names its members: portfolio:tpe+evolution, for example.", nameof(members));
        }

        // Each member draws from its own seed so that two members never walk the same random sequence.
        return new PortfolioTuner(space, seed, members.Select((m, i) => (m, m is "auto" || m.StartsWith(PortfolioPrefix, StringComparison.Ordinal)
            ? throw new ArgumentException($"A portfolio cannot contain '{m}'.", nameof(members))
            : Create(m, space, seed + (1009 * (i + 1))))).ToArray());
    }
}
