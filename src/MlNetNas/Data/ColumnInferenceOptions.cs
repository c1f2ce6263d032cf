namespace MlNetNas.Data;

/// <summary>Optional hints for <see cref="ColumnInference.Infer"/>; anything left null is detected from the file.</summary>
public sealed record ColumnInferenceOptions
{
    /// <summary>The cell separator; null detects it among ',', '\t', ';' and '|'.</summary>
    public char? Separator { get; init; }

    /// <summary>Whether the first row holds column names; null detects it.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>The decimal marker of numeric cells, '.' or ','; null detects a decimal comma when the separator is not a comma.</summary>
    public char? DecimalMarker { get; init; }

    /// <summary>Columns to leave out, by header name or 0-based index.</summary>
    public IReadOnlyList<string> IgnoreColumns { get; init; } = [];

    /// <summary>Columns (names or 0-based indices) to read as free text, whatever inference would make of them.</summary>
    public IReadOnlyList<string> TextColumns { get; init; } = [];

    /// <summary>How many data rows (from the top) decide each column's purpose; the whole file is still validated. Default 10 000.</summary>
    public int SampleRows { get; init; } = 10_000;
}
