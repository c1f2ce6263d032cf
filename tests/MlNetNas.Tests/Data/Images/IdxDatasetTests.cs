using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Data;
using MlNetNas.Data.Images;

namespace MlNetNas.Tests.Data.Images;

public sealed class IdxDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_FindsTheLabelsBeside_AndKeepsPixelsAndLabels(bool gzip)
    {
        string images = IdxFiles.WriteDigits(_temp.Root, "train", 30, gzip: gzip);

        var dataset = IdxDataset.Read(images);

        Assert.Equal(InputSpec.Image(1, 8, 8), dataset.Input);
        Assert.Equal(30, dataset.Pixels.Count);
        string[] first = File.ReadLines(TestData.Path("mlnet-samples", "optdigits-train.csv")).First().Split(',');
        Assert.Equal(first[64], dataset.Labels[0]);
        Assert.Equal(float.Parse(first[10], System.Globalization.CultureInfo.InvariantCulture) * 15, dataset.Pixels[0][10]);
        var view = dataset.Load(new MLContext(1));
        Assert.Equal(64, ((VectorDataViewType)view.Schema[IdxDataset.PixelColumn].Type).Size);
    }

    [Fact]
    public void Read_NoLabelsBeside_NamesTheFileItLookedFor()
    {
        string images = IdxFiles.WriteDigits(_temp.Root, "train", 5);
        File.Delete(Path.Combine(_temp.Root, "train-labels-idx1-ubyte.gz"));

        var error = Assert.Throws<DataValidationException>(() => IdxDataset.Read(images));
        Assert.Contains("train-labels-idx1-ubyte.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_SaysSo()
    {
        string images = IdxFiles.WriteDigits(_temp.Root, "train", 5, gzip: false);
        byte[] bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..^10]);

        var error = Assert.Throws<DataValidationException>(() => IdxDataset.Read(images));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotIdx_SaysWhatWasExpected()
    {
        string images = Path.Combine(_temp.Root, "x-images-idx3-ubyte");
        File.WriteAllText(images, "hello, this is text and not an idx file");
        File.WriteAllText(Path.Combine(_temp.Root, "x-labels-idx1-ubyte"), "nor this");

        var error = Assert.Throws<DataValidationException>(() => IdxDataset.Read(images));
        Assert.Contains("0x00000803", error.Message, StringComparison.Ordinal);
    }
}
