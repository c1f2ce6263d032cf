namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>Creates tuners by name, for configuration files and the CLI.</summary>
public static class TunerFactory
{
    private const string Progressive = "progressive";
    private static readonly string[] KnownNames = ["random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce", Progressive];

    /// <summary>
    /// The names <see cref="Create"/> accepts. "progressive" (a <see cref="ProgressiveTuner"/> around TPE) also comes as
    /// "progressive:NAME", around the tuner NAME.
    /// </summary>
    public static IReadOnlyList<string> Names => KnownNames.AsReadOnly();

    /// <summary>Whether <see cref="Create"/> knows <paramref name="name"/> (case-insensitive), "progressive:NAME" included.</summary>
    public static bool IsKnown(string? name) => Normalize(name) is { } n && (KnownNames.Contains(n) || InnerOf(n) is { } inner && IsPlain(inner));

    /// <summary>Creates the tuner called <paramref name="name"/> (case-insensitive) over <paramref name="space"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid names.</exception>
    public static ITuner Create(string name, SearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        var normalized = Normalize(name);
        if (normalized == Progressive)
        {
            return new ProgressiveTuner(space, (s, innerSeed) => new TpeTuner(s, innerSeed), seed);
        }

        if (normalized is not null && InnerOf(normalized) is { } inner && IsPlain(inner))
        {
            return new ProgressiveTuner(space, (s, innerSeed) => CreatePlain(inner, s, innerSeed), seed);
        }

        return normalized is not null && IsPlain(normalized) ? CreatePlain(normalized, space, seed) : throw Unknown(name);
    }

    private static ITuner CreatePlain(string name, SearchSpace space, int seed) => name switch
    {
        "random" => new RandomTuner(space, seed),
        "grid" => new GridTuner(space, seed),
        "evolution" => new RegularizedEvolutionTuner(space, seed, aging: false),
        "regularized-evolution" => new RegularizedEvolutionTuner(space, seed),
        "local-search" => new LocalSearchTuner(space, seed),
        "tpe" => new TpeTuner(space, seed),
        "smac" => new SmacTuner(space, seed),
        "reinforce" => new ReinforceTuner(space, seed),
        _ => throw new InvalidOperationException($"Tuner '{name}' is listed but not built."),
    };

    private static string? Normalize(string? name) => name?.Trim().ToLowerInvariant();

    // "progressive:NAME" → "NAME"; null for any other name.
    private static string? InnerOf(string name) =>
        name.StartsWith(Progressive + ":", StringComparison.Ordinal) ? name[(Progressive.Length + 1)..].Trim() : null;

    private static bool IsPlain(string name) => name != Progressive && KnownNames.Contains(name);

    private static ArgumentException Unknown(string? name) => new(
        $"Unknown tuner '{name}'; valid names: {string.Join(", ", KnownNames)}, or progressive:NAME with NAME one of {string.Join(", ", KnownNames.Where(n => n != Progressive))}.",
        nameof(name));
}
