using MlNetNas.Data;
using Xunit;

namespace MlNetNas.Tests.Data;

public sealed class DataValidationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MissingFile_NamesPathAndNotFound()
    {
        string path = Path.Combine(_temp.Root, "nope.csv");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Regression));

        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void EmptyFile_SaysEmpty(string content)
    {
        string path = _temp.Write("empty.csv", content);

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Regression));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void ConstantRegressionLabel_IsRefusedBeforeAnySearch()
    {
        string path = _temp.Write("constant.csv", "x,y\n1,5\n2,5\n3,\n4,5.0\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Regression));

        Assert.Equal("y", error.Column);
        Assert.Contains("label column 'y' is constant (every labelled row is 5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderOnly_SaysNoDataRows()
    {
        string path = _temp.Write("header.csv", "a,b,y\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Regression));

        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public void AbsentLabel_ListsTheRealColumns()
    {
        string path = _temp.Write("abc.csv", "a,b,c\n1,2,x\n3,4,y\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "X", DataTask.Classification));

        Assert.Contains("column 'X' not found; columns are: a, b, c", error.Message);
        Assert.Equal("X", error.Column);
    }

    [Fact]
    public void LabelIndexOutOfRange_SaysOutOfRangeAndColumnCount()
    {
        var error = Assert.Throws<DataValidationException>(
            () => ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "7", DataTask.Classification));

        Assert.Contains("index 7 is out of range", error.Message);
        Assert.Contains("5 columns", error.Message);
    }

    [Fact]
    public void SingleClass_SaysOnlyOneClass()
    {
        string path = _temp.Write("one.csv", "a,b,y\n1,2,yes\n3,4,yes\n5,6,yes\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Classification));

        Assert.Contains("only one class", error.Message);
        Assert.Equal("y", error.Column);
    }

    [Fact]
    public void TextRegressionLabel_NamesRowAndColumn()
    {
        string path = _temp.Write("reg.csv", "a,price\n1,2.5\n2,3.5\n3,cheap\n4,1\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "price", DataTask.Regression));

        Assert.Contains("row 4, column 'price': 'cheap' is not a finite number", error.Message);
        Assert.Equal(4, error.Row);
        Assert.Equal("price", error.Column);
    }

    [Fact]
    public void RowWithWrongCellCount_NamesRowExpectedAndFound()
    {
        string path = _temp.Write("ragged.csv", "a,b,y\n1,2,x\n3,4,y\n5,6,7,x\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Classification));

        Assert.Contains("row 4: expected 3 cells", error.Message);
        Assert.Contains("found 4", error.Message);
        Assert.Equal(4, error.Row);
    }

    [Fact]
    public void WrongCellCountAfterAMultilineCell_NamesTheEditorLine()
    {
        string path = _temp.Write("multi.csv", "a,b,y\n1,\"two\nlines\",x\n3,4\n");

        var error = Assert.Throws<DataValidationException>(() => ColumnInference.Infer(path, "y", DataTask.Classification));

        Assert.Equal(4, error.Row);
    }

    [Fact]
    public void WrongCellCountBeyondTheSample_IsStillFound()
    {
        var rows = Enumerable.Range(0, 30).Select(i => $"{i},{i % 2}").Append("99");
        string path = _temp.Write("late.csv", "a,y\n" + string.Join('\n', rows) + "\n");

        var error = Assert.Throws<DataValidationException>(
            () => ColumnInference.Infer(path, "y", DataTask.Classification, new ColumnInferenceOptions { SampleRows = 10 }));

        Assert.Equal(32, error.Row);
    }

    [Fact]
    public void TextInNumericColumn_ReadAsMissingWithWarning()
    {
        var rows = Enumerable.Range(0, 40).Select(i => $"{(i == 20 ? "abc" : (i * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture))},{i % 3}");
        string path = _temp.Write("typo.csv", "sepal_width,y\n" + string.Join('\n', rows) + "\n");

        DataFileSchema schema = ColumnInference.Infer(path, "y", DataTask.Classification);

        Assert.Equal(ColumnPurpose.Numeric, schema.Columns[0].Purpose);
        Assert.Contains("row 22, column 'sepal_width': 'abc' is not a number; read as missing.", schema.Warnings);
    }

    [Fact]
    public void InfiniteCells_WarnedAndReadAsMissing()
    {
        string path = _temp.Write("inf.csv", "x,y\n1,a\nInfinity,b\n-Infinity,a\n1e999,b\n");

        DataFileSchema schema = ColumnInference.Infer(path, "y", DataTask.Classification);

        Assert.Equal(
            ["row 3, column 'x': 'Infinity' is infinite; read as missing.", "row 4, column 'x': '-Infinity' is infinite; read as missing.", "row 5, column 'x': '1e999' is infinite; read as missing."],
            schema.Warnings);
    }

    [Fact]
    public void LabelAmongIgnoredColumns_IsRejected()
    {
        var options = new ColumnInferenceOptions { IgnoreColumns = ["species"] };

        var error = Assert.Throws<DataValidationException>(
            () => ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification, options));

        Assert.Contains("cannot be ignored", error.Message);
    }

    [Fact]
    public void UnknownIgnoredColumn_ListsTheRealColumns()
    {
        var options = new ColumnInferenceOptions { IgnoreColumns = ["petal"] };

        var error = Assert.Throws<DataValidationException>(
            () => ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification, options));

        Assert.Contains("column 'petal' not found; columns are: sepal_length", error.Message);
    }
}
