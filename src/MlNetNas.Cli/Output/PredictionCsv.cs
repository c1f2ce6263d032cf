using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Cli.Output;

/// <summary>Writes prediction columns (text, Boolean, Single or Single vectors) of a scored view as CSV.</summary>
internal static class PredictionCsv
{
    public static int Write(IDataView scored, IReadOnlyList<string> columns, string path)
    {
        var schemaColumns = columns.Select(c => scored.Schema[c]).ToArray();
        using var cursor = scored.GetRowCursor(schemaColumns);
        var readers = schemaColumns.Select(c => Reader(cursor, c)).ToArray();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', schemaColumns.Select(c => c.Type is VectorDataViewType v ? string.Join(',', Enumerable.Range(0, v.Size).Select(i => $"{c.Name}_{i}")) : c.Name)));
        int rows = 0;
        while (cursor.MoveNext())
        {
            writer.WriteLine(string.Join(',', readers.Select(r => r())));
            rows++;
        }

        return rows;
    }

    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case TextDataViewType:
                var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> t = default;
                return () => { text(ref t); return Quote(t.ToString()); };
            case BooleanDataViewType:
                var flag = cursor.GetGetter<bool>(column);
                bool b = false;
                return () => { flag(ref b); return b ? "true" : "false"; };
            case VectorDataViewType { ItemType: NumberDataViewType }:
                var vector = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> v = default;
                return () => { vector(ref v); return string.Join(',', v.DenseValues().Select(x => x.ToString("R", CultureInfo.InvariantCulture))); };
            case KeyDataViewType:
                var key = cursor.GetGetter<uint>(column);
                uint k = 0;
                return () => { key(ref k); return k.ToString(CultureInfo.InvariantCulture); };
            default:
                var number = cursor.GetGetter<float>(column);
                float f = 0;
                return () => { number(ref f); return f.ToString("R", CultureInfo.InvariantCulture); };
        }
    }

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
