namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>Creates tuners by name, for configuration files and the CLI.</summary>
public static class TunerFactory
{
    private static readonly string[] KnownNames = ["random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce"];

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names => KnownNames.AsReadOnly();

    /// <summary>Creates the tuner called <paramref name="name"/> (case-insensitive) over <paramref name="space"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid names.</exception>
    public static ITuner Create(string name, SearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        return name?.Trim().ToLowerInvariant() switch
        {
            "random" => new RandomTuner(space, seed),
            "grid" => new GridTuner(space, seed),
            "evolution" => new RegularizedEvolutionTuner(space, seed, aging: false),
            "regularized-evolution" => new RegularizedEvolutionTuner(space, seed),
            "local-search" => new LocalSearchTuner(space, seed),
            "tpe" => new TpeTuner(space, seed),
            "smac" => new SmacTuner(space, seed),
            "reinforce" => new ReinforceTuner(space, seed),
            _ => throw new ArgumentException($"Unknown tuner '{name}'; valid names: {string.Join(", ", KnownNames)}.", nameof(name)),
        };
    }
}
