namespace MlNetNas.Reporting.Charts;

/// <summary>A fixed colour per series name, in order of first use, so a trainer keeps its colour across the report's charts.</summary>
internal sealed class ChartPalette
{
    // Tableau 10: distinct on white, readable for the common colour-vision deficiencies.
    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    private readonly Dictionary<string, string> assigned = new(StringComparer.Ordinal);

    /// <summary>The colour of <paramref name="series"/>.</summary>
    public string this[string series]
    {
        get
        {
            if (!assigned.TryGetValue(series, out string? color))
            {
                color = Colors[assigned.Count % Colors.Length];
                assigned[series] = color;
            }

            return color;
        }
    }
}
