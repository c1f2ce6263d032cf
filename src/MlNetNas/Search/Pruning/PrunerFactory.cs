namespace MlNetNas.Search.Pruning;

/// <summary>Creates pruners by name, for configuration files and the CLI: "none", "median", "asha" or "hyperband".</summary>
public static class PrunerFactory
{
    /// <summary>
    /// The most epochs a network of the default NAS space trains (the top of <c>MlpSearchSpace</c>'s "epochs" range, 60);
    /// Hyperband's maximum resource R is the largest <c>2·3^k</c> within it, 54.
    /// </summary>
    private const int HyperbandMaxEpochs = 60;

    private static readonly string[] KnownNames = ["none", "median", "asha", "hyperband"];

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names => KnownNames.AsReadOnly();

    /// <summary>
    /// The pruner called <paramref name="name"/> (case-insensitive) with its default settings: null for "none",
    /// <see cref="MedianStoppingPruner"/> for "median", <see cref="SuccessiveHalvingPruner"/> for "asha",
    /// <see cref="HyperbandPruner"/> for "hyperband" (first rungs 2, 6, 18 and 54 epochs, η = 3, up to R = 54 epochs).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid names.</exception>
    public static IPruner? Create(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "none" => null,
        "median" => new MedianStoppingPruner(),
        "asha" => new SuccessiveHalvingPruner(),
        "hyperband" => new HyperbandPruner(minEpochs: 2, maxEpochs: HyperbandMaxEpochs, reductionFactor: 3),
        _ => throw new ArgumentException($"Unknown pruner '{name}'; valid names: {string.Join(", ", KnownNames)}.", nameof(name)),
    };
}
