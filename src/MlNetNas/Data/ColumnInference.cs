using System.Globalization;

namespace MlNetNas.Data;

/// <summary>
/// Reads a delimited text file and decides its separator, header and each column's purpose, then validates the
/// whole file for the task. Rules (on the first <see cref="ColumnInferenceOptions.SampleRows"/> data rows):
/// <list type="bullet">
/// <item>Numeric: at least 95% of the non-missing cells parse as a float (invariant culture, or with a decimal comma when the
/// separator is not a comma and more columns parse that way); the rest are read as
/// missing with a warning. Missing cells are empty, "?", "NaN", "NA", "N/A" and "null". Few distinct values (0/1 flags,
/// even a constant) stay numeric: a value constant in training may vary later and costs one input.</item>
/// <item>Ignore: columns the user ignores, columns with no value at all, constant string columns, and string
/// columns whose values are unique per row, have no spaces and are too many to be categories (identifiers).</item>
/// <item>Categorical: string columns with at most max(20, 5% of the sampled rows) distinct values, and string
/// columns with more values that are neither text nor identifiers (codes).</item>
/// <item>Text: string columns with more distinct values than that where at least half the values contain whitespace.</item>
/// </list>
/// Infinite numeric cells ("Infinity", "1e999") are kept by TextLoader as ±∞: they are reported as warnings here,
/// and <see cref="FeaturePipeline"/> maps every non-finite value to missing before filling, so ∞ never reaches a network.
/// </summary>
public static class ColumnInference
{
    /// <summary>Share of non-missing cells that must parse for a column to count as numeric.</summary>
    public const double NumericShare = 0.95;

    /// <summary>A string column with at most this many distinct values (or 5% of the sampled rows, if more) is categorical.</summary>
    public const int MinCategoricalLimit = 20;

    /// <summary>Share of the sampled rows that a string column's distinct count may reach and still be categorical.</summary>
    public const double CategoricalShare = 0.05;

    /// <summary>Detailed warnings kept before the rest are summarized in one line.</summary>
    public const int MaxWarnings = 50;

    private static readonly char[] CandidateSeparators = [',', '\t', ';', '|'];
    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };
    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "?", "NaN", "NA", "N/A", "null" };
    private const int SniffRecords = 50;
    private const int MaxHeaderNameLength = 64;

    /// <summary>
    /// Infers the schema of a delimited data file and validates it for <paramref name="task"/>.
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="labelColumn">A header name (case-insensitive; an exact match wins) or a 0-based column index such as "64".</param>
    /// <param name="task">Classification loads the label as text and needs two classes; regression needs a number in every non-empty label cell.</param>
    /// <param name="options">Optional hints; anything unset is detected.</param>
    /// <exception cref="DataValidationException">The file is missing, empty, malformed, or does not fit the task.</exception>
    public static DataFileSchema Infer(string path, string labelColumn, DataTask task, ColumnInferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labelColumn);
        options ??= new ColumnInferenceOptions();
        if (options.SampleRows < 1)
        {
            throw new ArgumentException($"SampleRows must be at least 1, got {options.SampleRows}.", nameof(options));
        }

        if (!File.Exists(path))
        {
            throw new DataValidationException($"Data file '{path}' not found.") { FilePath = path };
        }

        var (separator, allowQuoting, multiline) = DetectFormat(path, options.Separator);
        List<DelimitedRecord> head = ReadRecords(path, separator, allowQuoting, options.SampleRows + 1);
        if (head.Count == 0)
        {
            throw new DataValidationException($"Data file '{path}' is empty: expected a header or data rows.") { FilePath = path };
        }

        if (options.DecimalMarker is { } requested && requested is not ('.' or ','))
        {
            throw new ArgumentException($"DecimalMarker must be '.' or ','; got '{requested}'.", nameof(options));
        }

        char decimalMarker = options.DecimalMarker ?? DetectDecimalMarker(head, separator);
        if (decimalMarker == separator)
        {
            throw new DataValidationException($"Data file '{path}': a decimal comma needs cells separated by something else than ','; give the separator (e.g. ';').") { FilePath = path };
        }
        bool hasHeader = options.HasHeader ?? DetectHeader(head, decimalMarker);
        int width = head[0].Cells.Length;
        string[] names = hasHeader ? HeaderNames(path, head[0].Cells) : [.. Enumerable.Range(0, width).Select(i => $"col{i}")];
        List<DelimitedRecord> sample = hasHeader ? head.GetRange(1, head.Count - 1) : head;
        if (sample.Count == 0)
        {
            throw new DataValidationException($"Data file '{path}' has a header but no data rows.") { FilePath = path };
        }

        foreach (DelimitedRecord record in sample)
        {
            CheckWidth(path, record, width, hasHeader);
        }

        int labelIndex = ResolveColumn(path, names, labelColumn, "label column");
        HashSet<int> ignored = [.. options.IgnoreColumns.Select(c => ResolveColumn(path, names, c, "ignored column"))];
        if (ignored.Contains(labelIndex))
        {
            throw new DataValidationException($"Data file '{path}': the label column '{names[labelIndex]}' is also in the ignored columns; a label cannot be ignored.")
            {
                FilePath = path,
                Column = names[labelIndex],
            };
        }

        HashSet<int> text = [.. options.TextColumns.Select(c => ResolveColumn(path, names, c, "text column"))];
        if (text.Contains(labelIndex) || text.Overlaps(ignored))
        {
            int clash = text.Contains(labelIndex) ? labelIndex : text.Intersect(ignored).First();
            throw new DataValidationException($"Data file '{path}': the column '{names[clash]}' is named as a text column and as {(clash == labelIndex ? "the label" : "ignored")}; give it one role.")
            {
                FilePath = path,
                Column = names[clash],
            };
        }

        var columns = new InferredColumn[width];
        for (int i = 0; i < width; i++)
        {
            columns[i] = InferColumn(sample, i, names[i], i == labelIndex, ignored.Contains(i), decimalMarker);
            if (text.Contains(i))
            {
                // Named as text: read as text whatever it looks like (short messages can look categorical, codes numeric).
                columns[i] = columns[i] with { Purpose = ColumnPurpose.Text };
            }
        }

        if (columns.All(c => c.Purpose is ColumnPurpose.Label or ColumnPurpose.Ignore))
        {
            throw new DataValidationException(
                $"Data file '{path}': no feature columns remain; every column other than the label '{names[labelIndex]}' is ignored, constant or an identifier.")
            { FilePath = path };
        }

        var scan = new FullScan(path, names, columns, labelIndex, task, hasHeader, decimalMarker);
        scan.Run(separator, allowQuoting);
        var layout = new DataFileLayout(separator, hasHeader, allowQuoting, multiline, decimalMarker, task, names[labelIndex], columns);
        return new DataFileSchema(
            path, layout,
            scan.ClassLabels, scan.Warnings, scan.RowCount, scan.DroppedRows);
    }

    internal static bool IsMissing(string cell) => MissingTokens.Contains(cell.Trim());

    internal static bool TryParseNumber(string cell, out float value, char decimalMarker = '.') =>
        float.TryParse(cell, NumberStyles.Float, decimalMarker == ',' ? DecimalComma : CultureInfo.InvariantCulture, out value);

    internal static void CheckWidth(string path, DelimitedRecord record, int width, bool hasHeader)
    {
        if (record.Cells.Length != width)
        {
            string reference = hasHeader ? "the header" : "the first row";
            throw new DataValidationException(
                $"Data file '{path}', row {record.Line}: expected {width} cells (as in {reference}), found {record.Cells.Length}.")
            {
                FilePath = path,
                Row = record.Line,
            };
        }
    }

    internal static (char Separator, bool AllowQuoting, bool Multiline) DetectFormat(string path, char? requested)
    {
        var lines = new List<string>();
        using (var reader = new StreamReader(path))
        {
            string? line;
            while (lines.Count < SniffRecords * 4 && (line = reader.ReadLine()) is not null)
            {
                lines.Add(line);
            }
        }

        string text = string.Join('\n', lines);
        char separator = requested ?? DetectSeparator(text);
        // A quote followed by more text is not CSV quoting (e.g. a message that starts with a quotation): TextLoader
        // would read such cells as empty and join lines after an unclosed one, so one such cell anywhere turns quoting off.
        using var stream = new StreamReader(path);
        var probe = new DelimitedRecordReader(stream, separator, allowQuoting: true);
        while (!probe.SawMalformedQuote && probe.TryRead(out _))
        {
        }

        return probe.SawMalformedQuote ? (separator, false, false) : (separator, true, probe.SawMultilineRecord);
    }

    private static char DetectSeparator(string text)
    {
        char best = ',';
        double bestScore = 0;
        foreach (char candidate in CandidateSeparators)
        {
            var reader = new DelimitedRecordReader(new StringReader(text), candidate, allowQuoting: true);
            var counts = new List<int>();
            while (counts.Count < SniffRecords && reader.TryRead(out DelimitedRecord record))
            {
                counts.Add(record.Cells.Length);
            }

            if (counts.Count == 0)
            {
                continue;
            }

            // The separator that splits most rows into the same number (> 1) of cells wins; more cells break ties.
            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            if (mode.Key < 2)
            {
                continue;
            }

            double score = (double)mode.Count() / counts.Count + mode.Key * 1e-6;
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }

        return best;
    }

    internal static List<DelimitedRecord> ReadRecords(string path, char separator, bool allowQuoting, int max)
    {
        var records = new List<DelimitedRecord>();
        using var stream = new StreamReader(path);
        var reader = new DelimitedRecordReader(stream, separator, allowQuoting);
        while (records.Count < max && reader.TryRead(out DelimitedRecord record))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>
    /// A header if the first row has no numbers and either some column is numeric below it, or its cells are
    /// distinct short names that never occur again in their column (so a first data row of all-text columns,
    /// whose values repeat, is not mistaken for a header).
    /// </summary>
    internal static bool DetectHeader(List<DelimitedRecord> head, char decimalMarker)
    {
        string[] first = head[0].Cells;
        if (first.Any(c => !IsMissing(c) && TryParseNumber(c, out _, decimalMarker)))
        {
            return false;
        }

        var rest = head.Skip(1).Where(r => r.Cells.Length == first.Length).ToList();
        if (rest.Count == 0)
        {
            return true;
        }

        for (int i = 0; i < first.Length; i++)
        {
            var values = rest.Select(r => r.Cells[i]).Where(c => !IsMissing(c)).ToList();
            if (values.Count > 0 && values.Count(c => TryParseNumber(c, out _, decimalMarker)) >= NumericShare * values.Count)
            {
                return true;
            }
        }

        bool distinct = first.Distinct(StringComparer.Ordinal).Count() == first.Length;
        bool nameLike = first.All(c => c.Trim().Length is > 0 and <= MaxHeaderNameLength);
        bool neverRepeated = Enumerable.Range(0, first.Length).All(i => rest.All(r => r.Cells[i] != first[i]));
        return distinct && nameLike && neverRepeated;
    }

    /// <summary>
    /// ',' when the separator is not a comma and more columns read as numbers with a decimal comma ("5,1") than with a
    /// decimal point: the default CSV of many European locales, whose numbers would otherwise all be read as categories.
    /// The first record is left out (it may be a header).
    /// </summary>
    private static char DetectDecimalMarker(List<DelimitedRecord> head, char separator)
    {
        if (separator == ',' || head.Count < 2)
        {
            return '.';
        }

        var rows = head.Skip(1).ToList();
        int width = rows[0].Cells.Length;
        int NumericColumns(char marker) => Enumerable.Range(0, width).Count(i =>
        {
            var present = rows.Where(r => r.Cells.Length == width).Select(r => r.Cells[i]).Where(c => !IsMissing(c)).ToList();
            return present.Count > 0 && present.Count(c => TryParseNumber(c, out _, marker)) >= NumericShare * present.Count;
        });
        return NumericColumns(',') > NumericColumns('.') ? ',' : '.';
    }

    private static string[] HeaderNames(string path, string[] header)
    {
        var names = new string[header.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim();
            names[i] = name.Length == 0 ? $"col{i}" : name;
            if (!seen.TryAdd(names[i], i))
            {
                throw new DataValidationException(
                    $"Data file '{path}': the header names column '{names[i]}' twice (columns {seen[names[i]]} and {i}); expected unique column names.")
                {
                    FilePath = path,
                    Column = names[i],
                    Row = 1,
                };
            }
        }

        return names;
    }

    private static int ResolveColumn(string path, string[] names, string requested, string role)
    {
        int exact = Array.IndexOf(names, requested);
        if (exact >= 0)
        {
            return exact;
        }

        int folded = Array.FindIndex(names, n => string.Equals(n, requested, StringComparison.OrdinalIgnoreCase));
        if (folded >= 0)
        {
            return folded;
        }

        if (int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index < names.Length)
            {
                return index;
            }

            throw new DataValidationException(
                $"Data file '{path}': {role} index {index} is out of range; the file has {names.Length} columns (indices 0 to {names.Length - 1}).")
            {
                FilePath = path,
                Column = requested,
            };
        }

        throw new DataValidationException(
            $"Data file '{path}': {role} '{requested}' not found; columns are: {string.Join(", ", names)}.")
        {
            FilePath = path,
            Column = requested,
        };
    }

    private static InferredColumn InferColumn(List<DelimitedRecord> sample, int index, string name, bool isLabel, bool isIgnored, char decimalMarker)
    {
        var present = new List<string>(sample.Count);
        int emptyCount = 0;
        foreach (DelimitedRecord record in sample)
        {
            string cell = record.Cells[index];
            if (IsMissing(cell))
            {
                emptyCount++;
            }
            else
            {
                present.Add(cell);
            }
        }

        if (isLabel)
        {
            return new InferredColumn(name, index, ColumnPurpose.Label, present.Distinct(StringComparer.Ordinal).Count(), emptyCount);
        }

        var numbers = new HashSet<float>();
        int parsed = 0;
        int finite = 0;
        foreach (string cell in present)
        {
            if (TryParseNumber(cell, out float value, decimalMarker))
            {
                parsed++;
                if (float.IsFinite(value))
                {
                    finite++;
                    numbers.Add(value);
                }
            }
        }

        bool numeric = present.Count > 0 && parsed >= NumericShare * present.Count;
        if (numeric)
        {
            // A numeric column that is constant in the sample stays numeric (unless all missing): a pixel that is always 0
            // in training can be non-zero later, costs one input, and the normalizers handle zero variance.
            ColumnPurpose purpose = isIgnored || numbers.Count == 0 ? ColumnPurpose.Ignore : ColumnPurpose.Numeric;
            return new InferredColumn(name, index, purpose, numbers.Count, emptyCount + present.Count - finite);
        }

        // TextLoader reads "NA" or "?" in a string column as a category of its own; only an empty cell is missing there.
        present = [.. sample.Select(r => r.Cells[index]).Where(c => c.Length > 0)];
        var distinct = new HashSet<string>(present, StringComparer.Ordinal);
        int categoricalLimit = Math.Max(MinCategoricalLimit, (int)Math.Ceiling(CategoricalShare * sample.Count));
        ColumnPurpose stringPurpose;
        if (isIgnored || distinct.Count <= 1)
        {
            stringPurpose = ColumnPurpose.Ignore;
        }
        else if (distinct.Count <= categoricalLimit)
        {
            stringPurpose = ColumnPurpose.Categorical;
        }
        else if (distinct.Count(v => v.Any(char.IsWhiteSpace)) * 2 >= distinct.Count)
        {
            stringPurpose = ColumnPurpose.Text;
        }
        else if (distinct.Count == present.Count)
        {
            stringPurpose = ColumnPurpose.Ignore; // an identifier: one value per row says nothing about other rows
        }
        else
        {
            stringPurpose = ColumnPurpose.Categorical;
        }

        return new InferredColumn(name, index, stringPurpose, distinct.Count, sample.Count - present.Count);
    }
}
