using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using Xunit;

namespace MlNetNas.Tests.Data;

/// <summary>Other files read the way the training file was: by header name whatever the order, by position without a header.</summary>
public sealed class DataFileLayoutTests : IDisposable
{
    private static readonly string Iris = TestData.Path("tabular", "iris.csv");
    private readonly TempFolder _temp = new();
    private readonly MLContext _ml = new(seed: 1);
    private readonly DataFileLayout _layout = ColumnInference.Infer(Iris, "species", DataTask.Classification).Layout;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReversedColumns_AreReadByName()
    {
        string path = _temp.Write("rev.csv", "species,petal_width,petal_length,sepal_width,sepal_length\nsetosa,0.2,1.4,3.5,5.1\n");

        var row = FirstRow(_layout.LoadByName(_ml, path, requireLabel: true));

        Assert.Equal(5.1f, row["sepal_length"]);
        Assert.Equal(3.5f, row["sepal_width"]);
        Assert.Equal(0.2f, row["petal_width"]);
        Assert.Equal("setosa", row["species"]);
    }

    [Fact]
    public void MissingFeatureColumn_IsRefusedByName()
    {
        string path = _temp.Write("miss.csv", "sepal_width,petal_length,petal_width,species\n3.5,1.4,0.2,setosa\n");

        var error = Assert.Throws<DataValidationException>(() => _layout.LoadByName(_ml, path));

        Assert.Equal("sepal_length", error.Column);
        Assert.Contains("has no column 'sepal_length' (a feature of the model)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraColumns_AreIgnoredWithOneWarning_AndCaseDoesNotMatter()
    {
        string path = _temp.Write("extra.csv", "id,SEPAL_LENGTH,sepal_width,petal_length,petal_width,note,species\n7,5.1,3.5,1.4,0.2,x,setosa\n");
        var warnings = new List<string>();

        var row = FirstRow(_layout.LoadByName(_ml, path, requireLabel: true, warnings));

        Assert.Equal(5.1f, row["sepal_length"]);
        Assert.Equal(0.2f, row["petal_width"]);
        Assert.Contains("2 column(s) that the training file did not have, ignored: id, note", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void NoLabelColumn_ReadsAsEmptyToPredict_ButIsRefusedForATestFile()
    {
        string path = _temp.Write("nolabel.csv", "petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n");

        var row = FirstRow(_layout.LoadByName(_ml, path, requireLabel: false));
        var error = Assert.Throws<DataValidationException>(() => _layout.LoadByName(_ml, path, requireLabel: true));

        Assert.Equal(5.1f, row["sepal_length"]);
        Assert.Equal(string.Empty, row["species"]);
        Assert.Equal("species", error.Column);
    }

    [Fact]
    public void NoHeader_ReadsByPosition_WithTheTrainingColumnCountOrThatLessTheLabel()
    {
        string full = _temp.Write("full.csv", "5.1,3.5,1.4,0.2,setosa\n");
        string features = _temp.Write("features.csv", "5.1,3.5,1.4,0.2\n");
        string narrow = _temp.Write("narrow.csv", "5.1,3.5,1.4\n");

        var fullRow = FirstRow(_layout.LoadByName(_ml, full, requireLabel: true));
        var featureRow = FirstRow(_layout.LoadByName(_ml, features));
        var error = Assert.Throws<DataValidationException>(() => _layout.LoadByName(_ml, narrow));

        Assert.Equal(5.1f, fullRow["sepal_length"]);
        Assert.Equal("setosa", fullRow["species"]);
        Assert.Equal(0.2f, featureRow["petal_width"]);
        Assert.Contains("no header and 3 columns; the model reads 5 (or 4 without the label 'species')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherSeparator_IsDetected_WhenTheTrainingOneLeavesOneCell()
    {
        string path = _temp.Write("semicolon.csv", "sepal_length;sepal_width;petal_length;petal_width;species\n5.1;3.5;1.4;0.2;setosa\n");

        var row = FirstRow(_layout.LoadByName(_ml, path, requireLabel: true));

        Assert.Equal(1.4f, row["petal_length"]);
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var copy = DataFileLayout.FromJson(_layout.ToJson());

        Assert.Equal(_layout.Columns, copy.Columns);
        Assert.Equal((_layout.Separator, _layout.HasHeader, _layout.DecimalMarker, _layout.Task, _layout.LabelColumn), (copy.Separator, copy.HasHeader, copy.DecimalMarker, copy.Task, copy.LabelColumn));
    }

    private static Dictionary<string, object> FirstRow(IDataView data)
    {
        var row = new Dictionary<string, object>();
        using var cursor = data.GetRowCursor(data.Schema);
        Assert.True(cursor.MoveNext());
        foreach (var column in data.Schema)
        {
            row[column.Name] = column.Type is TextDataViewType ? Read<ReadOnlyMemory<char>>(cursor, column).ToString() : Read<float>(cursor, column);
        }

        return row;
    }

    private static T Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        T value = default!;
        cursor.GetGetter<T>(column)(ref value);
        return value;
    }
}
