using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;

namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// Reads a fitted featurizer back as one <see cref="FeatureSlot"/> per output slot by scoring probe rows through it
/// (zeros; each numeric column at 1, 2 and missing; each category of each categorical column), so the ONNX lowering
/// needs no private state of ML.NET's transforms. Featurizers that are not of that shape — binning or log scaling
/// (not affine), hashed categories (no finite list of values), text — are refused with the reason.
/// </summary>
internal static class FeaturizerProbe
{
    /// <summary>The most feature columns read back; wider files get no pipeline.onnx.</summary>
    public const int MaxColumns = 300;

    private const string Unseen = "\u0001mlnetnas-unseen";
    private const string CategoricalSlotPrefix = "__MlNetNas_Categorical";

    /// <summary>The slots of <paramref name="featureColumn"/>; numeric and categorical columns are those of <paramref name="layout"/> in file order.</summary>
    /// <exception cref="NotSupportedException">The featurizer does something that is not a per-column affine map, indicator or one-hot.</exception>
    public static IReadOnlyList<FeatureSlot> Read(MLContext ml, ITransformer featurizer, DataFileLayout layout, string featureColumn)
    {
        var numeric = layout.LoadedColumns.Where(c => c.Purpose == ColumnPurpose.Numeric).ToArray();
        var categorical = layout.LoadedColumns.Where(c => c.Purpose == ColumnPurpose.Categorical).ToArray();
        if (numeric.Length + categorical.Length > MaxColumns)
        {
            // Three probe rows per column, each as wide as the file: 2,000 columns took 45 s on two cores.
            throw new NotSupportedException($"the file has {numeric.Length + categorical.Length} feature columns; the featurizer is read back for at most {MaxColumns}");
        }

        if (layout.LoadedColumns.FirstOrDefault(c => c.Purpose == ColumnPurpose.Text) is { } text)
        {
            throw new NotSupportedException($"the text column '{text.Name}' is featurized by n-grams, which have no ONNX lowering here");
        }

        // Categories: the one-hot slots' names in the features ("__MlNetNas_Categorical3.red").
        var zeros = new Dictionary<string, string>();
        var baseline = Score(ml, featurizer, layout, featureColumn, [zeros], out var slotNames)[0];
        var categories = categorical.ToDictionary(c => c.Name, c => slotNames
            .Where(n => n.StartsWith($"{CategoricalSlotPrefix}{c.Index}.", StringComparison.Ordinal))
            .Select(n => n[($"{CategoricalSlotPrefix}{c.Index}.".Length)..]).ToArray());
        var probes = new List<Dictionary<string, string>>();
        foreach (var column in numeric)
        {
            probes.Add(new() { [column.Name] = "1" });
            probes.Add(new() { [column.Name] = "2" });
            probes.Add(new() { [column.Name] = string.Empty });
        }

        foreach (var column in categorical)
        {
            probes.AddRange(categories[column.Name].Select(v => new Dictionary<string, string> { [column.Name] = v }));
        }

        var scored = Score(ml, featurizer, layout, featureColumn, probes, out _);
        var slots = new FeatureSlot?[baseline.Length];
        for (int k = 0; k < numeric.Length; k++)
        {
            float[] one = scored[3 * k], two = scored[(3 * k) + 1], missing = scored[(3 * k) + 2];
            for (int j = 0; j < baseline.Length; j++)
            {
                float slope = one[j] - baseline[j];
                bool moves = Math.Abs(slope) > 1e-7 || Math.Abs(two[j] - baseline[j]) > 1e-7;
                if (moves)
                {
                    if (Math.Abs((two[j] - baseline[j]) - (2 * slope)) > 1e-4 * Math.Max(1, Math.Abs(slope)))
                    {
                        throw new NotSupportedException($"the numeric column '{numeric[k].Name}' is scaled non-linearly (binning or log scaling)");
                    }

                    Claim(slots, j, new FeatureSlot(FeatureSlotKind.Numeric, k, slope, baseline[j], missing[j], null), numeric[k].Name);
                }
                else if (Math.Abs(missing[j] - baseline[j]) > 1e-7)
                {
                    Claim(slots, j, new FeatureSlot(FeatureSlotKind.MissingIndicator, k, 0, baseline[j], missing[j], null), numeric[k].Name);
                }
            }
        }

        int probe = 3 * numeric.Length;
        for (int c = 0; c < categorical.Length; c++)
        {
            if (categories[categorical[c].Name].Length == 0)
            {
                throw new NotSupportedException($"the categorical column '{categorical[c].Name}' is hashed (no list of its values)");
            }

            foreach (string value in categories[categorical[c].Name])
            {
                var row = scored[probe++];
                int[] changed = [.. Enumerable.Range(0, baseline.Length).Where(j => Math.Abs(row[j] - baseline[j]) > 1e-7)];
                if (changed.Length != 1 || Math.Abs(row[changed[0]] - baseline[changed[0]] - 1) > 1e-6)
                {
                    throw new NotSupportedException($"the category '{value}' of '{categorical[c].Name}' does not set exactly one slot to 1 (a hashed encoding?)");
                }

                Claim(slots, changed[0], new FeatureSlot(FeatureSlotKind.Category, c, 1, baseline[changed[0]], baseline[changed[0]], value), categorical[c].Name);
            }
        }

        return [.. slots.Select((s, j) => s ?? FeatureSlot.Constant(baseline[j]))];
    }

    private static void Claim(FeatureSlot?[] slots, int j, FeatureSlot slot, string column)
    {
        if (slots[j] is not null)
        {
            throw new NotSupportedException($"feature slot {j} depends on more than one column ('{column}' and another)");
        }

        slots[j] = slot;
    }

    /// <summary>The features of probe rows: every loaded column 0 (numbers) or an unseen value (categories), but the cells given.</summary>
    private static List<float[]> Score(MLContext ml, ITransformer featurizer, DataFileLayout layout, string featureColumn, IReadOnlyList<Dictionary<string, string>> rows, out string[] slotNames)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetnas-probe-{Guid.NewGuid():N}.csv");
        try
        {
            var text = new StringBuilder();
            string separator = layout.Separator.ToString();
            var ordered = layout.Columns.OrderBy(c => c.Index).ToArray();
            if (layout.HasHeader)
            {
                text.AppendLine(string.Join(separator, ordered.Select(c => Cell(c.Name, layout))));
            }

            foreach (var row in rows)
            {
                text.AppendLine(string.Join(separator, ordered.Select(c => Cell(row.TryGetValue(c.Name, out string? v) ? v : c.Purpose switch
                {
                    ColumnPurpose.Numeric => "0",
                    ColumnPurpose.Categorical => Unseen,
                    ColumnPurpose.Label => layout.Task == DataTask.Regression ? "0" : "x",
                    _ => string.Empty,
                }, layout))));
            }

            File.WriteAllText(path, text.ToString());
            var features = featurizer.Transform(layout.CreateLoader(ml).Load(path));
            var column = features.Schema[featureColumn];
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            if (column.HasSlotNames())
            {
                column.GetSlotNames(ref names);
            }

            slotNames = [.. names.DenseValues().Select(n => n.ToString())];
            return [.. features.GetColumn<float[]>(column)];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Cell(string value, DataFileLayout layout) =>
        layout.AllowQuoting && (value.Contains(layout.Separator) || value.Contains('"', StringComparison.Ordinal)) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
