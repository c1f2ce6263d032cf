using System.Globalization;

namespace MlNetNas.Data;

/// <summary>
/// One pass over every row of a data file once the columns are decided: checks each row's cell count,
/// validates the label for the task, collects the classes, and records the cells that will be read as missing.
/// </summary>
internal sealed class FullScan
{
    private readonly string _path;
    private readonly string[] _names;
    private readonly IReadOnlyList<InferredColumn> _columns;
    private readonly int _labelIndex;
    private readonly DataTask _task;
    private readonly bool _hasHeader;
    private readonly char _decimalMarker;
    private readonly List<string> _cellWarnings = [];
    private readonly HashSet<string> _classes = new(StringComparer.Ordinal);
    private long _suppressedWarnings;
    private long _firstDroppedRow;
    private float? _firstLabelValue;
    private bool _labelVaries;

    public FullScan(string path, string[] names, IReadOnlyList<InferredColumn> columns, int labelIndex, DataTask task, bool hasHeader, char decimalMarker)
    {
        _path = path;
        _names = names;
        _columns = columns;
        _labelIndex = labelIndex;
        _task = task;
        _hasHeader = hasHeader;
        _decimalMarker = decimalMarker;
    }

    public long RowCount { get; private set; }

    public long DroppedRows { get; private set; }

    public IReadOnlyList<string> ClassLabels { get; private set; } = [];

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    private string LabelName => _names[_labelIndex];

    public void Run(char separator, bool allowQuoting)
    {
        int[] numeric = [.. _columns.Where(c => c.Purpose == ColumnPurpose.Numeric).Select(c => c.Index)];
        using (var stream = new StreamReader(_path))
        {
            var reader = new DelimitedRecordReader(stream, separator, allowQuoting);
            bool skipHeader = _hasHeader;
            while (reader.TryRead(out DelimitedRecord record))
            {
                if (skipHeader)
                {
                    skipHeader = false;
                    continue;
                }

                ColumnInference.CheckWidth(_path, record, _names.Length, _hasHeader);
                RowCount++;
                ReadLabel(record);
                foreach (int index in numeric)
                {
                    CheckNumericCell(record, index);
                }
            }
        }

        if (RowCount == DroppedRows)
        {
            throw new DataValidationException($"Data file '{_path}': every label cell in column '{LabelName}' is empty; expected a label in each row.")
            {
                FilePath = _path,
                Column = LabelName,
            };
        }

        if (_task == DataTask.Regression && !_labelVaries)
        {
            throw new DataValidationException(
                $"Data file '{_path}': label column '{LabelName}' is constant (every labelled row is {_firstLabelValue!.Value.ToString(CultureInfo.InvariantCulture)}); regression needs a label that varies.")
            {
                FilePath = _path,
                Column = LabelName,
            };
        }

        if (_task == DataTask.Classification)
        {
            if (_classes.Count < 2)
            {
                throw new DataValidationException(
                    $"Data file '{_path}': label column '{LabelName}' has only one class ('{_classes.Single()}'); classification needs at least two.")
                {
                    FilePath = _path,
                    Column = LabelName,
                };
            }

            ClassLabels = SortClasses(_classes);
        }

        var warnings = new List<string>();
        if (DroppedRows > 0)
        {
            warnings.Add($"{DroppedRows} row(s) with an empty label in column '{LabelName}' are dropped (the first at row {_firstDroppedRow}).");
        }

        warnings.AddRange(_cellWarnings);
        if (_suppressedWarnings > 0)
        {
            warnings.Add($"... and {_suppressedWarnings} more cell(s) read as missing.");
        }

        Warnings = warnings;
    }

    private void ReadLabel(DelimitedRecord record)
    {
        string cell = record.Cells[_labelIndex];
        bool missing = _task == DataTask.Classification ? cell.Length == 0 : ColumnInference.IsMissing(cell);
        if (missing)
        {
            if (DroppedRows++ == 0)
            {
                _firstDroppedRow = record.Line;
            }

            return;
        }

        if (_task == DataTask.Classification)
        {
            _classes.Add(cell);
            return;
        }

        if (!ColumnInference.TryParseNumber(cell, out float value, _decimalMarker) || !float.IsFinite(value))
        {
            throw new DataValidationException(
                $"Data file '{_path}', row {record.Line}, column '{LabelName}': '{cell}' is not a finite number; regression needs a numeric label (or an empty cell to drop the row).")
            {
                FilePath = _path,
                Column = LabelName,
                Row = record.Line,
            };
        }

        _firstLabelValue ??= value;
        _labelVaries |= value != _firstLabelValue;
    }

    private void CheckNumericCell(DelimitedRecord record, int index)
    {
        string cell = record.Cells[index];
        if (ColumnInference.IsMissing(cell))
        {
            return;
        }

        string? problem = !ColumnInference.TryParseNumber(cell, out float value, _decimalMarker) ? "is not a number"
            : !float.IsFinite(value) ? "is infinite"
            : null;
        if (problem is null)
        {
            return;
        }

        if (_cellWarnings.Count < ColumnInference.MaxWarnings)
        {
            _cellWarnings.Add($"row {record.Line}, column '{_names[index]}': '{cell}' {problem}; read as missing.");
        }
        else
        {
            _suppressedWarnings++;
        }
    }

    private static string[] SortClasses(HashSet<string> classes)
    {
        var parsed = classes.Select(c => (Text: c, Ok: double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double v), Value: v)).ToList();
        if (parsed.All(p => p.Ok))
        {
            return [.. parsed.OrderBy(p => p.Value).ThenBy(p => p.Text, StringComparer.Ordinal).Select(p => p.Text)];
        }

        return [.. classes.Order(StringComparer.Ordinal)];
    }
}
