using System.Globalization;
using System.Text.Json.Nodes;
using MlNetNas.Experiment;

namespace MlNetNas.Explanations;

/// <summary>
/// Permutation importance of a model's input columns, most important first: on <see cref="Rows"/> rows, the drop of
/// <see cref="Metric"/> (from <see cref="Baseline"/>) over <see cref="Permutations"/> shuffles of each column; the
/// columns that the time limit left unscored.
/// </summary>
public sealed record FeatureImportanceResult(IReadOnlyList<FeatureImportance> Columns, NasMetric Metric, double Baseline, int Rows, int Permutations, IReadOnlyList<string> Unscored)
{
    /// <summary>The result as JSON (for best.json); <paramref name="data"/> says which rows were scored.</summary>
    public JsonObject ToJson(string data) => new()
    {
        ["data"] = data,
        ["metric"] = Metric.ToString(),
        ["baseline"] = Math.Round(Baseline, 6),
        ["rows"] = Rows,
        ["permutations"] = Permutations,
        ["columns"] = new JsonArray([.. Columns.Select(c => (JsonNode)new JsonObject
        {
            ["column"] = c.Column,
            ["drop"] = Math.Round(c.Drop, 6),
            ["std"] = Math.Round(c.StandardDeviation, 6),
        })]),
        ["unscored"] = new JsonArray([.. Unscored.Select(u => (JsonNode?)JsonValue.Create(u))]),
    };

    /// <summary>The <paramref name="count"/> most important columns, one line each: "petal_length  0.4133 ± 0.0321".</summary>
    public IEnumerable<string> Describe(int count)
    {
        int width = Columns.Take(count).Select(c => c.Column.Length).DefaultIfEmpty(6).Max();
        return Columns.Take(count).Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1,3}. {c.Column.PadRight(width)}  {c.Drop,8:F4} ± {c.StandardDeviation:F4}"));
    }
}
