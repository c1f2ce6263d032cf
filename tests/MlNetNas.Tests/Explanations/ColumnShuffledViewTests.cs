using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Explanations;

namespace MlNetNas.Tests.Explanations;

public sealed class ColumnShuffledViewTests
{
    [Fact]
    public void OnlyTheChosenColumn_IsReadInTheNewOrder()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { A = 1, B = "x" }, new Row { A = 2, B = "y" }, new Row { A = 3, B = "z" } });
        var column = data.Schema["B"];

        var view = new ColumnShuffledView<ReadOnlyMemory<char>>(data, column.Index, ColumnShuffledView<ReadOnlyMemory<char>>.Read(data, column), [2, 0, 1]);

        Assert.Equal([1f, 2f, 3f], view.GetColumn<float>("A"));
        Assert.Equal(["z", "x", "y"], view.GetColumn<ReadOnlyMemory<char>>("B").Select(m => m.ToString()));
    }

    private sealed class Row
    {
        public float A { get; set; }

        public string B { get; set; } = string.Empty;
    }
}
