using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Data;

/// <summary>
/// How a training file was laid out and read: its format, every column in file order with its purpose, and the label.
/// Saved inside model.zip (<see cref="ModelInputFile"/>) so that a file with the same columns in another order, or with
/// extra columns, is read by column name instead of by position.
/// </summary>
/// <param name="Separator">The cell separator.</param>
/// <param name="HasHeader">Whether the first row holds column names.</param>
/// <param name="AllowQuoting">Whether a cell starting with '"' is read as a quoted cell.</param>
/// <param name="ReadMultilines">Whether quoted cells span lines.</param>
/// <param name="DecimalMarker">'.' or ',' (the decimal comma of many European locales).</param>
/// <param name="Task">The task the label was validated for.</param>
/// <param name="LabelColumn">The label column's name (the header name, or <c>col{index}</c>).</param>
/// <param name="Columns">Every column of the file, in file order.</param>
public sealed record DataFileLayout(
    char Separator,
    bool HasHeader,
    bool AllowQuoting,
    bool ReadMultilines,
    char DecimalMarker,
    DataTask Task,
    string LabelColumn,
    IReadOnlyList<InferredColumn> Columns)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The number of cells in each row of the file.</summary>
    [JsonIgnore]
    public int Width => Columns.Count;

    /// <summary>The columns a model reads: every column that is not ignored (features and the label), in file order.</summary>
    [JsonIgnore]
    public IReadOnlyList<InferredColumn> LoadedColumns => [.. Columns.Where(c => c.Purpose != ColumnPurpose.Ignore)];

    /// <summary>
    /// TextLoader options for files of this layout (a fresh instance each call): numeric features as Single, categorical and
    /// text as String, the label as String for classification and Single for regression; ignored columns are not loaded;
    /// empty numeric cells read as NaN.
    /// </summary>
    [JsonIgnore]
    public TextLoader.Options LoaderOptions => LoaderOptionsFor(LoadedColumns.Select(c => (c, c.Index)), Separator, HasHeader, AllowQuoting, ReadMultilines);

    /// <summary>This layout as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A layout written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not such a layout.</exception>
    public static DataFileLayout FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DataFileLayout>(json, Json) ?? throw new InvalidDataException("The column layout is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The column layout is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Creates a TextLoader for files of this layout, reading columns by position.</summary>
    public TextLoader CreateLoader(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Data.CreateTextLoader(LoaderOptions);
    }

    /// <summary>
    /// Loads another file into this layout's columns: matched by header name whatever their order (extra columns ignored,
    /// a missing feature refused by name), or, without a header, by position with the training column count.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="path">The file to read.</param>
    /// <param name="requireLabel">Whether the file must hold the label (validation and test files); otherwise a missing label reads as empty.</param>
    /// <param name="warnings">Receives what was tolerated (extra columns, a header where training had none), one sentence each.</param>
    /// <exception cref="DataValidationException">The file is missing or lacks a column the model reads.</exception>
    public IDataView LoadByName(MLContext mlContext, string path, bool requireLabel = false, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(path);
        var options = ColumnAligner.Align(this, path, requireLabel, warnings ?? []);
        return mlContext.Data.CreateTextLoader(options).Load(path);
    }

    /// <summary>Loader options that read <paramref name="columns"/> from the given cell positions of a file of another format.</summary>
    internal TextLoader.Options LoaderOptionsFor(IEnumerable<(InferredColumn Column, int Index)> columns, char separator, bool hasHeader, bool allowQuoting, bool readMultilines) => new()
    {
        Separators = [separator],
        HasHeader = hasHeader,
        AllowQuoting = allowQuoting,
        ReadMultilines = readMultilines,
        DecimalMarker = DecimalMarker,
        // Without this TextLoader reads an empty numeric cell as 0, which would hide it from missing-value replacement.
        MissingRealsAsNaNs = true,
        Columns = [.. columns.Select(c => new TextLoader.Column(c.Column.Name, KindOf(c.Column), c.Index))],
    };

    private DataKind KindOf(InferredColumn column) => column.Purpose switch
    {
        ColumnPurpose.Numeric => DataKind.Single,
        ColumnPurpose.Label => Task == DataTask.Regression ? DataKind.Single : DataKind.String,
        _ => DataKind.String,
    };
}
