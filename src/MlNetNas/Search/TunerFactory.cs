namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>Creates tuners by name, for configuration files and the CLI.</summary>
public static class TunerFactory
{
    /// <summary>The members of the "auto" portfolio, in their first-turn order.</summary>
    public static readonly IReadOnlyList<string> AutoMembers = ["tpe", "evolution", "local-search", "random"];

    private const string Auto = "auto";
    private const string Progressive = "progressive";
    private const string PortfolioPrefix = "portfolio:";
    private const string ProgressivePrefix = Progressive + ":";
    private static readonly string[] KnownNames = [Auto, "random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce", Progressive];

    /// <summary>
    /// The names <see cref="Create"/> accepts. Two more forms combine them: "progressive:NAME" (a
    /// <see cref="ProgressiveTuner"/> around NAME; plain "progressive" is around TPE) and "portfolio:A+B+…" (a
    /// <see cref="PortfolioTuner"/> of the named tuners; "auto" is the portfolio of <see cref="AutoMembers"/>).
    /// </summary>
    public static IReadOnlyList<string> Names => KnownNames.AsReadOnly();

    /// <summary>Creates the tuner called <paramref name="name"/> (case-insensitive) over <paramref name="space"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid names.</exception>
    public static ITuner Create(string name, SearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        var key = name?.Trim().ToLowerInvariant();
        if (key is not null && key.StartsWith(PortfolioPrefix, StringComparison.Ordinal))
        {
            return Portfolio(key[PortfolioPrefix.Length..].Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), space, seed);
        }

        if (key is not null && key.StartsWith(ProgressivePrefix, StringComparison.Ordinal))
        {
            var inner = key[ProgressivePrefix.Length..].Trim();
            if (inner == Progressive || inner.StartsWith(ProgressivePrefix, StringComparison.Ordinal) || !IsKnown(inner))
            {
                throw new ArgumentException(
                    $"Unknown tuner '{name}': progressive:NAME needs NAME one of {string.Join(", ", KnownNames.Where(n => n != Progressive))} or portfolio:A+B.", nameof(name));
            }

            return new ProgressiveTuner(space, (s, innerSeed) => Create(inner, s, innerSeed), seed);
        }

        return key switch
        {
            Auto => Portfolio(AutoMembers, space, seed),
            Progressive => new ProgressiveTuner(space, (s, innerSeed) => new TpeTuner(s, innerSeed), seed),
            "random" => new RandomTuner(space, seed),
            "grid" => new GridTuner(space, seed),
            "evolution" => new RegularizedEvolutionTuner(space, seed, aging: false),
            "regularized-evolution" => new RegularizedEvolutionTuner(space, seed),
            "local-search" => new LocalSearchTuner(space, seed),
            "tpe" => new TpeTuner(space, seed),
            "smac" => new SmacTuner(space, seed),
            "reinforce" => new ReinforceTuner(space, seed),
            _ => throw new ArgumentException(
                $"Unknown tuner '{name}'; valid names: {string.Join(", ", KnownNames)}, progressive:NAME or portfolio:NAME+NAME+….", nameof(name)),
        };
    }

    /// <summary>Whether <see cref="Create"/> accepts <paramref name="name"/>, the combined forms included.</summary>
    public static bool IsKnown(string? name) => IsKnown(name, out _);

    /// <summary>Whether <see cref="Create"/> accepts <paramref name="name"/>; when not, <paramref name="error"/> says why and lists the valid names.</summary>
    public static bool IsKnown(string? name, out string? error)
    {
        try
        {
            _ = Create(name!, new SearchSpace().Add("x", new ChoiceOption(0, 1)), 0);
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
        return new PortfolioTuner(space, seed, members.Select((m, i) => (m, m == Auto || m.StartsWith(PortfolioPrefix, StringComparison.Ordinal)
            ? throw new ArgumentException($"A portfolio cannot contain '{m}'.", nameof(members))
            : Create(m, space, seed + (1009 * (i + 1))))).ToArray());
    }
}
