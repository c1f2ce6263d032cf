using Microsoft.ML.Data;

namespace MlNetNas.Data;

/// <summary>
/// Decides how to read another file (to predict, validate or test) the way a model's training file was read: with a
/// header, columns are matched by name (exact, then ignoring case) whatever their order, a missing feature column is
/// refused by name and extra columns are ignored with one warning; without a header, the file must have the training
/// file's column count (or that count less the label, for rows to predict), read by position.
/// </summary>
internal static class ColumnAligner
{
    private const int HeadRecords = 50;
    private const int NamesShown = 10;

    /// <summary>TextLoader options that read <paramref name="path"/> into the columns, names and types of <paramref name="layout"/>.</summary>
    /// <param name="layout">The training file's layout.</param>
    /// <param name="path">The file to read.</param>
    /// <param name="requireLabel">Whether the file must hold the label (validation and test files); when it does not, a missing label column reads as empty.</param>
    /// <param name="warnings">Receives what was tolerated, one sentence each.</param>
    /// <exception cref="DataValidationException">The file is missing, empty, or lacks a column the model reads.</exception>
    public static TextLoader.Options Align(DataFileLayout layout, string path, bool requireLabel, ICollection<string> warnings)
    {
        if (!File.Exists(path))
        {
            throw new DataValidationException($"Data file '{path}' not found.") { FilePath = path };
        }

        var (separator, allowQuoting, multiline) = Format(layout, path);
        List<DelimitedRecord> head = ColumnInference.ReadRecords(path, separator, allowQuoting, HeadRecords);
        if (head.Count == 0)
        {
            throw new DataValidationException($"Data file '{path}' is empty: expected a header or data rows.") { FilePath = path };
        }

        string[] first = [.. head[0].Cells.Select(c => c.Trim())];
        bool namesMatch = layout.HasHeader && layout.LoadedColumns.Any(c => IndexOf(first, c.Name) >= 0);
        bool header = namesMatch || ColumnInference.DetectHeader(head, layout.DecimalMarker);
        if (header && layout.HasHeader)
        {
            var byName = ByName(layout, path, first, requireLabel, warnings);
            return layout.LoaderOptionsFor(byName, separator, hasHeader: true, allowQuoting, multiline);
        }

        if (header)
        {
            warnings.Add($"the first row of '{path}' looks like a header; the training file had none, so it is skipped and the columns are read by position.");
        }

        var byPosition = ByPosition(layout, path, first.Length, header, requireLabel);
        return layout.LoaderOptionsFor(byPosition, separator, header, allowQuoting, multiline);
    }

    private static (char Separator, bool AllowQuoting, bool Multiline) Format(DataFileLayout layout, string path)
    {
        var (separator, allowQuoting, multiline) = ColumnInference.DetectFormat(path, layout.Separator);
        List<DelimitedRecord> probe = ColumnInference.ReadRecords(path, separator, allowQuoting, 1);
        // The training separator wins unless it leaves a row of a many-column layout in one cell (e.g. ';' in training, ',' here).
        return probe.Count == 1 && probe[0].Cells.Length == 1 && layout.Width > 1
            ? ColumnInference.DetectFormat(path, requested: null)
            : (separator, allowQuoting, multiline);
    }

    private static List<(InferredColumn Column, int Index)> ByName(DataFileLayout layout, string path, string[] header, bool requireLabel, ICollection<string> warnings)
    {
        var duplicate = header.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DataValidationException($"Data file '{path}': the header names column '{duplicate.Key}' twice; expected unique column names.")
            {
                FilePath = path,
                Column = duplicate.Key,
                Row = 1,
            };
        }

        var mapped = new List<(InferredColumn, int)>();
        var missing = new List<string>();
        foreach (InferredColumn column in layout.LoadedColumns)
        {
            int index = IndexOf(header, column.Name);
            if (index >= 0)
            {
                mapped.Add((column, index));
            }
            else if (column.Purpose == ColumnPurpose.Label && !requireLabel)
            {
                mapped.Add((column, header.Length)); // past the last cell: TextLoader reads it as empty
            }
            else
            {
                missing.Add(column.Name);
            }
        }

        if (missing.Count > 0)
        {
            string what = missing.Count == 1 ? $"column '{missing[0]}'" : $"{missing.Count} columns: {Names(missing)}";
            string role = (missing.Contains(layout.LabelColumn), missing.Count) switch
            {
                (true, 1) => "the label, which this file must hold",
                (true, _) => "the label and features of the model",
                (false, 1) => "a feature of the model",
                _ => "features of the model",
            };
            throw new DataValidationException(
                $"Data file '{path}' has no {what} ({role}). Its header has: {Names(header)}; the training file had: {Names(layout.Columns.Select(c => c.Name))}.")
            {
                FilePath = path,
                Column = missing[0],
                Row = 1,
            };
        }

        var extra = header.Where(n => layout.Columns.All(c => IndexOf([c.Name], n) < 0)).ToList();
        if (extra.Count > 0)
        {
            warnings.Add($"'{path}' has {extra.Count} column(s) that the training file did not have, ignored: {Names(extra)}.");
        }

        return mapped;
    }

    private static List<(InferredColumn Column, int Index)> ByPosition(DataFileLayout layout, string path, int width, bool header, bool requireLabel)
    {
        if (width == layout.Width)
        {
            return [.. layout.LoadedColumns.Select(c => (c, c.Index))];
        }

        int labelIndex = layout.Columns.First(c => c.Name == layout.LabelColumn).Index;
        if (!requireLabel && width == layout.Width - 1)
        {
            // Every column but the label, in training order: the label reads as empty.
            return [.. layout.LoadedColumns.Select(c => (c, c.Index == labelIndex ? width : c.Index < labelIndex ? c.Index : c.Index - 1))];
        }

        string expected = requireLabel ? $"{layout.Width}" : $"{layout.Width} (or {layout.Width - 1} without the label '{layout.LabelColumn}')";
        throw new DataValidationException(
            $"Data file '{path}' has {(header ? "a header the training file did not have and " : "no header and ")}{width} columns; the model reads {expected} by position, as in its training file. "
            + (layout.HasHeader ? $"Give the file a header with the training column names ({Names(layout.Columns.Select(c => c.Name))}) to match them by name." : "Give the columns in the training file's order."))
        {
            FilePath = path,
            Row = 1,
        };
    }

    private static int IndexOf(string[] names, string name)
    {
        int exact = Array.IndexOf(names, name);
        return exact >= 0 ? exact : Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return string.Join(", ", list.Take(NamesShown)) + (list.Count > NamesShown ? $", … ({list.Count - NamesShown} more)" : string.Empty);
    }
}
