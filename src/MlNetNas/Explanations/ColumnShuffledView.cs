using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Explanations;

/// <summary>
/// A data view whose one column is replaced by its own values in another row order (the rest untouched): what a model
/// sees when that column carries no information about the row any more.
/// </summary>
internal sealed class ColumnShuffledView<T> : IDataView
{
    private readonly IDataView source;
    private readonly int column;
    private readonly T[] values;
    private readonly int[] order;

    /// <summary><paramref name="values"/> holds the column row by row; row i reads <c>values[order[i]]</c>.</summary>
    public ColumnShuffledView(IDataView source, int column, T[] values, int[] order)
    {
        this.source = source;
        this.column = column;
        this.values = values;
        this.order = order;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => values.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return new Cursor(this, source.GetRowCursor(needed.Where(c => c.Index != column)), needed.Any(c => c.Index == column));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The column's values, row by row, read once (text copied: a loader may reuse its buffers).</summary>
    public static T[] Read(IDataView data, DataViewSchema.Column column)
    {
        var read = new List<T>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            read.Add(value is ReadOnlyMemory<char> text ? (T)(object)text.ToString().AsMemory() : value);
        }

        return [.. read];
    }

    private sealed class Cursor(ColumnShuffledView<T> view, DataViewRowCursor inner, bool shuffledActive) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == view.column ? shuffledActive : inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view.column)
            {
                return inner.GetGetter<TValue>(column);
            }

            if (!shuffledActive || typeof(TValue) != typeof(T))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor, or is not of type {typeof(TValue).Name}.");
            }

            var values = (TValue[])(object)view.values;
            return (ref TValue value) => value = values[view.order[(int)inner.Position]];
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
