using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Data;

/// <summary>What column inference learned about a delimited data file: its format, each column's purpose, the label and its classes, and how to load it with ML.NET.</summary>
public sealed class DataFileSchema
{
    private const string LabelKeyColumn = "__MlNetNas_LabelKey";

    internal DataFileSchema(
        string path,
        DataFileLayout layout,
        IReadOnlyList<string> classLabels,
        IReadOnlyList<string> warnings,
        long rowCount,
        long droppedRowCount)
    {
        Path = path;
        Layout = layout;
        ClassLabels = classLabels;
        Warnings = warnings;
        RowCount = rowCount;
        DroppedRowCount = droppedRowCount;
    }

    /// <summary>The data file.</summary>
    public string Path { get; }

    /// <summary>The cell separator.</summary>
    public char Separator => Layout.Separator;

    /// <summary>Whether the first row holds column names.</summary>
    public bool HasHeader => Layout.HasHeader;

    /// <summary>Whether a cell starting with '"' is read as a quoted cell. False when the file has quotes that are not CSV quoting (text after a closing quote), which TextLoader would otherwise read as empty cells.</summary>
    public bool AllowQuoting => Layout.AllowQuoting;

    /// <summary>Whether quoted cells span lines (set when the file has such cells).</summary>
    public bool ReadMultilines => Layout.ReadMultilines;

    /// <summary>'.' or ',' (a decimal comma, detected when more columns read as numbers with it).</summary>
    public char DecimalMarker => Layout.DecimalMarker;

    /// <summary>The file's format and columns, as saved inside model.zip to read other files by column name.</summary>
    public DataFileLayout Layout { get; }

    /// <summary>The task the label was validated for.</summary>
    public DataTask Task => Layout.Task;

    /// <summary>The label column's name as it appears in the loaded IDataView (the header name, or <c>col{index}</c>).</summary>
    public string LabelColumn => Layout.LabelColumn;

    /// <summary>Every column of the file, in file order, with its purpose.</summary>
    public IReadOnlyList<InferredColumn> Columns => Layout.Columns;

    /// <summary>The distinct label values over the whole file, sorted (numerically when all are numbers, else ordinally); empty for regression.</summary>
    public IReadOnlyList<string> ClassLabels { get; }

    /// <summary>Problems that were tolerated (cells read as missing, rows dropped), one sentence each with row and column.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The number of data rows in the file, as the loader returns them (header, empty and "//" lines excluded).</summary>
    public long RowCount { get; }

    /// <summary>The rows with a missing label, which <see cref="Load"/> leaves out.</summary>
    public long DroppedRowCount { get; }

    /// <summary>The columns with the given purpose, in file order.</summary>
    public IReadOnlyList<InferredColumn> ColumnsOf(ColumnPurpose purpose) => [.. Columns.Where(c => c.Purpose == purpose)];

    /// <summary>TextLoader options for this file (a fresh instance each call); see <see cref="DataFileLayout.LoaderOptions"/>.</summary>
    public TextLoader.Options LoaderOptions => Layout.LoaderOptions;

    /// <summary>Creates a TextLoader for this file's format (and for other files of the same format, read by position).</summary>
    public TextLoader CreateLoader(MLContext mlContext) => Layout.CreateLoader(mlContext);

    /// <summary>Loads this file, leaving out the rows whose label is missing (<see cref="DroppedRowCount"/>).</summary>
    public IDataView Load(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        IDataView data = CreateLoader(mlContext).Load(Path);
        if (DroppedRowCount == 0)
        {
            return data;
        }

        if (Task == DataTask.Regression)
        {
            return mlContext.Data.FilterRowsByMissingValues(data, LabelColumn);
        }

        // Text has no missing value in ML.NET's filters, but an empty string maps to the missing key, which can be filtered.
        IDataView keyed = mlContext.Transforms.Conversion.MapValueToKey(LabelKeyColumn, LabelColumn).Fit(data).Transform(data);
        IDataView filtered = mlContext.Data.FilterRowsByMissingValues(keyed, LabelKeyColumn);
        return mlContext.Transforms.DropColumns(LabelKeyColumn).Fit(filtered).Transform(filtered);
    }
}
