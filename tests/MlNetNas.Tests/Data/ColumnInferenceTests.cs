using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using Xunit;

namespace MlNetNas.Tests.Data;

public sealed class ColumnInferenceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Iris_HeaderAndFourNumericFeatures_ThreeClasses()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);

        Assert.True(schema.HasHeader);
        Assert.Equal(',', schema.Separator);
        Assert.Equal("species", schema.LabelColumn);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], schema.ColumnsOf(ColumnPurpose.Numeric).Select(c => c.Name));
        Assert.Equal(["setosa", "versicolor", "virginica"], schema.ClassLabels);
        Assert.Empty(schema.Warnings);
        Assert.Equal(150, schema.RowCount);
    }

    [Theory]
    [InlineData("SPECIES")]
    [InlineData("4")]
    public void Iris_LabelByCaseInsensitiveNameOrIndex_FindsSpecies(string label)
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), label, DataTask.Classification);

        Assert.Equal("species", schema.LabelColumn);
    }

    [Fact]
    public void SemicolonsWithDecimalCommas_AreNumbers_AndLoadAsSuch()
    {
        string path = _temp.Write("european.csv", "sepal_length;sepal_width;species\n5,1;3,5;setosa\n4,9;3;setosa\n7;3,2;versicolor\n6,4;3,2;versicolor\n");

        DataFileSchema schema = ColumnInference.Infer(path, "species", DataTask.Classification);

        Assert.Equal(';', schema.Separator);
        Assert.Equal(',', schema.DecimalMarker);
        Assert.Equal(["sepal_length", "sepal_width"], schema.ColumnsOf(ColumnPurpose.Numeric).Select(c => c.Name));
        Assert.Equal([5.1f, 4.9f, 7f, 6.4f], schema.Load(_ml).GetColumn<float>("sepal_length").ToArray());
    }

    [Fact]
    public void SemicolonsWithDecimalPoints_KeepThePoint()
    {
        string path = _temp.Write("points.csv", "a;b;y\n5.1;1,2;p\n4.9;3,4;q\n7.0;5,6;p\n");

        DataFileSchema schema = ColumnInference.Infer(path, "y", DataTask.Classification);

        Assert.Equal('.', schema.DecimalMarker);
        Assert.Equal(ColumnPurpose.Numeric, schema.Columns[0].Purpose);
    }

    [Fact]
    public void Optdigits_NoHeader_SixtyFourNumericColumnsAndTenClasses()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("mlnet-samples", "optdigits-train.csv"), "64", DataTask.Classification);

        Assert.False(schema.HasHeader);
        Assert.Equal("col64", schema.LabelColumn);
        // col0 and col39 are 0 in every row and still numeric: they may not be 0 in other data.
        Assert.Equal(64, schema.ColumnsOf(ColumnPurpose.Numeric).Count);
        Assert.Equal(Enumerable.Range(0, 65).Select(i => $"col{i}"), schema.Columns.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), schema.ClassLabels);
        Assert.Equal(3823, schema.RowCount);
    }

    [Fact]
    public void BreastCancer_ThirtyNumericFeatures_TwoClasses()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("tabular", "breast_cancer.csv"), "diagnosis", DataTask.Classification);

        Assert.Equal(30, schema.ColumnsOf(ColumnPurpose.Numeric).Count);
        Assert.Equal(["benign", "malignant"], schema.ClassLabels);
    }

    [Fact]
    public void BikeHour_DateIsNotNumeric_IgnoredLeakyColumns()
    {
        var options = new ColumnInferenceOptions { IgnoreColumns = ["casual", "registered"] };
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("mlnet-samples", "bike-hour-train.csv"), "cnt", DataTask.Regression, options);

        Assert.Equal(ColumnPurpose.Categorical, schema.Columns.Single(c => c.Name == "dteday").Purpose);
        Assert.Equal(ColumnPurpose.Ignore, schema.Columns.Single(c => c.Name == "casual").Purpose);
        Assert.Equal(ColumnPurpose.Ignore, schema.Columns.Single(c => c.Name == "registered").Purpose);
        Assert.Equal(ColumnPurpose.Numeric, schema.Columns.Single(c => c.Name == "temp").Purpose);
        Assert.Empty(schema.ClassLabels);
        Assert.Equal(13949, schema.RowCount);
    }

    [Fact]
    public void TaxiFare_VendorAndPaymentType_AreCategorical()
    {
        string path = _temp.Spread(TestData.Path("mlnet-samples", "taxi-fare-train.csv"), 200, "taxi.csv");

        DataFileSchema schema = ColumnInference.Infer(path, "fare_amount", DataTask.Regression);

        Assert.Equal(["vendor_id", "payment_type"], schema.ColumnsOf(ColumnPurpose.Categorical).Select(c => c.Name));
        Assert.Equal(["rate_code", "passenger_count", "trip_time_in_secs", "trip_distance"], schema.ColumnsOf(ColumnPurpose.Numeric).Select(c => c.Name));
        Assert.Equal(500, schema.RowCount);
    }

    [Fact]
    public void SmsSpam_TabSeparatedNoHeader_MessageIsText()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("mlnet-samples", "SMSSpamCollection.tsv"), "0", DataTask.Classification);

        Assert.Equal('\t', schema.Separator);
        Assert.False(schema.HasHeader);
        Assert.Equal("col0", schema.LabelColumn);
        Assert.Equal(ColumnPurpose.Text, schema.Columns[1].Purpose);
        Assert.Equal(["ham", "spam"], schema.ClassLabels);
    }

    [Fact]
    public void SmsSpam_MessagesStartingWithAQuotation_AreLoadedWhole()
    {
        // Line 617 is: ham<TAB>"Happy valentines day" I know its early ... ; CSV quoting would read it as empty.
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("mlnet-samples", "SMSSpamCollection.tsv"), "0", DataTask.Classification);
        string[] messages = [.. schema.Load(_ml).GetColumn<ReadOnlyMemory<char>>("col1").Select(m => m.ToString())];

        Assert.False(schema.AllowQuoting);
        Assert.StartsWith("\"Happy valentines day\" I know", messages[616]);
    }

    [Fact]
    public void CorefxIssues_QuotedTextCells_RowCountMatchesIssues()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("mlnet-samples", "corefx-issues-train.tsv"), "Area", DataTask.Classification);

        Assert.Equal(1615, schema.RowCount);
        Assert.Equal(22, schema.ClassLabels.Count);
        Assert.Equal(1615, CountRows(schema.CreateLoader(_ml).Load(schema.Path)));
        Assert.Equal(ColumnPurpose.Text, schema.Columns.Single(c => c.Name == "Description").Purpose);
    }

    [Theory]
    [InlineData("tabular", "iris.csv", "species", 150)]
    [InlineData("mlnet-samples", "optdigits-train.csv", "64", 3823)]
    [InlineData("mlnet-samples", "SMSSpamCollection.tsv", "0", 5574)]
    [InlineData("mlnet-samples", "bike-hour-train.csv", "cnt", 13949)]
    public void CreateLoader_CountsEveryRowOfTheFile(string folder, string file, string label, long rows)
    {
        DataTask task = label == "cnt" ? DataTask.Regression : DataTask.Classification;
        DataFileSchema schema = ColumnInference.Infer(TestData.Path(folder, file), label, task);

        Assert.Equal(rows, CountRows(schema.CreateLoader(_ml).Load(schema.Path)));
        Assert.Equal(rows, schema.RowCount);
    }

    [Fact]
    public void QuotedCellSpanningLines_ReadAsOneRow()
    {
        string path = _temp.Write("multi.csv", "id,note,label\n1,\"first line\nsecond, line\",x\n2,\"say \"\"hi\"\"\",y\n3,plain,x\n");

        DataFileSchema schema = ColumnInference.Infer(path, "label", DataTask.Classification);
        string[] notes = [.. schema.Load(_ml).GetColumn<ReadOnlyMemory<char>>("note").Select(v => v.ToString())];

        Assert.True(schema.AllowQuoting);
        Assert.True(schema.ReadMultilines);
        Assert.Equal(3, schema.RowCount);
        Assert.Equal(3, notes.Length);
        Assert.Equal("say \"hi\"", notes[1]);
    }

    [Fact]
    public void EmptyLabelCells_RowsDroppedByLoadWithWarning()
    {
        string path = _temp.Write("labels.csv", "x,y,label\n1,2,a\n3,4,\n5,6,b\n7,8,a\n9,10,\n");

        DataFileSchema schema = ColumnInference.Infer(path, "label", DataTask.Classification);

        Assert.Equal(2, schema.DroppedRowCount);
        Assert.Contains(schema.Warnings, w => w.Contains("2 row(s) with an empty label") && w.Contains("row 3"));
        Assert.Equal(5, CountRows(schema.CreateLoader(_ml).Load(path)));
        Assert.Equal(["a", "b", "a"], schema.Load(_ml).GetColumn<ReadOnlyMemory<char>>("label").Select(v => v.ToString()));
    }

    [Fact]
    public void EmptyRegressionLabels_RowsDroppedByLoad()
    {
        string path = _temp.Write("reg.csv", "x,y\n1,2.5\n2,\n3,NaN\n4,7\n");

        DataFileSchema schema = ColumnInference.Infer(path, "y", DataTask.Regression);

        Assert.Equal(2, schema.DroppedRowCount);
        Assert.Equal([2.5f, 7f], schema.Load(_ml).GetColumn<float>("y"));
    }

    [Fact]
    public void UniqueStringIdentifier_ConstantString_AndEmptyColumn_AreIgnored()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"id{i:000},same,{i % 7},,{(i % 2 == 0 ? "a" : "b")}");
        string path = _temp.Write("ids.csv", "id,constant,value,empty,label\n" + string.Join('\n', rows) + "\n");

        DataFileSchema schema = ColumnInference.Infer(path, "label", DataTask.Classification);

        Assert.Equal(
            [ColumnPurpose.Ignore, ColumnPurpose.Ignore, ColumnPurpose.Numeric, ColumnPurpose.Ignore, ColumnPurpose.Label],
            schema.Columns.Select(c => c.Purpose));
        Assert.DoesNotContain(schema.LoaderOptions.Columns, c => c.Name is "id" or "constant" or "empty");
    }

    [Fact]
    public void EmptyNumericCell_LoadsAsNaN()
    {
        string path = _temp.Write("gaps.csv", "x,label\n1,a\n,b\n3,a\n");

        DataFileSchema schema = ColumnInference.Infer(path, "label", DataTask.Classification);

        Assert.True(float.IsNaN(schema.Load(_ml).GetColumn<float>("x").ElementAt(1)));
        Assert.Equal(1, schema.Columns[0].MissingCount);
    }

    private static long CountRows(IDataView data)
    {
        long count = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }
}
