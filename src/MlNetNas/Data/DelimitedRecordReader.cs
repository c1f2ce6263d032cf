using System.Text;

namespace MlNetNas.Data;

/// <summary>One record of a delimited file: its cells and the 1-based line it starts on.</summary>
internal readonly record struct DelimitedRecord(string[] Cells, long Line);

/// <summary>
/// Splits a delimited text file into records the way ML.NET's TextLoader reads it, so that the row numbers,
/// cell counts and row counts reported here match what the loader will see: empty lines and lines starting
/// with "//" are skipped (TextLoader treats them as blank and comment lines); with quoting on, a cell that
/// starts with '"' runs to the matching '"' ("" escapes a quote) and may span lines.
/// </summary>
internal sealed class DelimitedRecordReader
{
    private readonly TextReader _reader;
    private readonly char _separator;
    private readonly bool _allowQuoting;
    private long _lineNumber;

    public DelimitedRecordReader(TextReader reader, char separator, bool allowQuoting)
    {
        _reader = reader;
        _separator = separator;
        _allowQuoting = allowQuoting;
    }

    /// <summary>True once a quoted cell was followed by something other than a separator, or never closed: the file does not use CSV quoting.</summary>
    public bool SawMalformedQuote { get; private set; }

    /// <summary>True once a quoted cell spanned more than one line.</summary>
    public bool SawMultilineRecord { get; private set; }

    public bool TryRead(out DelimitedRecord record)
    {
        string? line;
        do
        {
            line = _reader.ReadLine();
            _lineNumber++;
            if (line is null)
            {
                record = default;
                return false;
            }
        }
        while (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal));

        long startLine = _lineNumber;
        var cells = new List<string>();
        var cell = new StringBuilder();
        int i = 0;
        while (true)
        {
            cell.Clear();
            if (_allowQuoting && i < line.Length && line[i] == '"')
            {
                i++;
                bool closed = false;
                while (!closed)
                {
                    if (i >= line.Length)
                    {
                        string? next = _reader.ReadLine();
                        if (next is null)
                        {
                            SawMalformedQuote = true;
                            break;
                        }

                        _lineNumber++;
                        SawMultilineRecord = true;
                        cell.Append('\n');
                        line = next;
                        i = 0;
                        continue;
                    }

                    char c = line[i++];
                    if (c != '"')
                    {
                        cell.Append(c);
                    }
                    else if (i < line.Length && line[i] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        closed = true;
                    }
                }

                // Text between the closing quote and the next separator is kept, but marks the file as not CSV-quoted.
                int tail = line.IndexOf(_separator, Math.Min(i, line.Length));
                int tailEnd = tail < 0 ? line.Length : tail;
                if (closed && tailEnd > i)
                {
                    SawMalformedQuote = true;
                    cell.Append(line, i, tailEnd - i);
                }

                i = tailEnd;
            }
            else
            {
                int end = line.IndexOf(_separator, i);
                int cellEnd = end < 0 ? line.Length : end;
                cell.Append(line, i, cellEnd - i);
                i = cellEnd;
            }

            cells.Add(cell.ToString());
            if (i >= line.Length)
            {
                break;
            }

            i++; // past the separator; a trailing separator yields a final empty cell
            if (i == line.Length)
            {
                cells.Add(string.Empty);
                break;
            }
        }

        record = new DelimitedRecord([.. cells], startLine);
        return true;
    }
}
