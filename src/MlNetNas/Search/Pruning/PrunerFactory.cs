namespace MlNetNas.Search.Pruning;

/// <summary>Creates pruners by name, for configuration files and the CLI: "none", "median" or "asha".</summary>
public static class PrunerFactory
{
    private static readonly string[] KnownNames = ["none", "median", "asha"];

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names => KnownNames.AsReadOnly();

    /// <summary>
    /// The pruner called <paramref name="name"/> (case-insensitive) with its default settings: null for "none",
    /// <see cref="MedianStoppingPruner"/> for "median", <see cref="SuccessiveHalvingPruner"/> for "asha".
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid names.</exception>
    public static IPruner? Create(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "none" => null,
        "median" => new MedianStoppingPruner(),
        "asha" => new SuccessiveHalvingPruner(),
        _ => throw new ArgumentException($"Unknown pruner '{name}'; valid names: {string.Join(", ", KnownNames)}.", nameof(name)),
    };
}
