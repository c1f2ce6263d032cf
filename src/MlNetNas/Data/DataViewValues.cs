using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Data;

/// <summary>Small readings of a data view shared by scoring, explanations and serving: its row count, and a column's values as text.</summary>
internal static class DataViewValues
{
    /// <summary>The rows of <paramref name="data"/>: its known count, else counted with a cursor that reads no column.</summary>
    public static long RowCount(IDataView data)
    {
        if (data.GetRowCount() is { } known)
        {
            return known;
        }

        using var cursor = data.GetRowCursor([]);
        long rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
        }

        return rows;
    }

    /// <summary>A getter of the cursor's current value of <paramref name="column"/> as text: trimmed text, "True"/"False", or a number written back exactly.</summary>
    public static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            var text = default(ReadOnlyMemory<char>);
            return () =>
            {
                getText(ref text);
                return text.ToString().Trim();
            };
        }

        if (column.Type is BooleanDataViewType)
        {
            var getFlag = cursor.GetGetter<bool>(column);
            bool flag = false;
            return () =>
            {
                getFlag(ref flag);
                return flag ? "True" : "False";
            };
        }

        var getNumber = cursor.GetGetter<float>(column);
        float number = 0;
        return () =>
        {
            getNumber(ref number);
            return number.ToString("R", CultureInfo.InvariantCulture);
        };
    }
}
