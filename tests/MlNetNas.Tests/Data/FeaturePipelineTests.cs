using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using Xunit;

namespace MlNetNas.Tests.Data;

public sealed class FeaturePipelineTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(NumericScaling.MinMax, MissingValuePolicy.Mean, 4)]
    [InlineData(NumericScaling.MeanVariance, MissingValuePolicy.Mean, 4)]
    [InlineData(NumericScaling.LogMeanVariance, MissingValuePolicy.Mean, 4)]
    [InlineData(NumericScaling.Binning, MissingValuePolicy.Mean, 4)]
    [InlineData(NumericScaling.None, MissingValuePolicy.Mean, 4)]
    [InlineData(NumericScaling.MeanVariance, MissingValuePolicy.MeanWithIndicator, 8)]
    [InlineData(NumericScaling.None, MissingValuePolicy.MeanWithIndicator, 8)]
    public void Iris_EachOption_FeaturesHaveExpectedLengthAndAreFinite(NumericScaling scaling, MissingValuePolicy missing, int length)
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);
        var options = new PreprocessingOptions { Scaling = scaling, MissingValues = missing };

        float[][] features = Features(schema, options, out _);

        Assert.Equal(150, features.Length);
        Assert.All(features, f => Assert.Equal(length, f.Length));
        Assert.All(features, f => Assert.All(f, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Iris_MinMax_ScalesIntoUnitInterval()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);

        float[][] features = Features(schema, new PreprocessingOptions { Scaling = NumericScaling.MinMax }, out _);

        Assert.Equal(1f, features.Max(f => f[0]), 5);
        Assert.Equal(0f, features.Min(f => f[0]), 5);
    }

    [Fact]
    public void Iris_LabelAndOriginalColumnsPassThroughUntouched()
    {
        DataFileSchema schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);
        IDataView data = schema.Load(_ml);

        IDataView transformed = FeaturePipeline.Create(_ml, schema, new PreprocessingOptions()).Fit(data).Transform(data);

        Assert.Equal(TextDataViewType.Instance, transformed.Schema["species"].Type);
        Assert.Equal(
            data.GetColumn<ReadOnlyMemory<char>>("species").Select(v => v.ToString()),
            transformed.GetColumn<ReadOnlyMemory<char>>("species").Select(v => v.ToString()));
        Assert.DoesNotContain(transformed.Schema, c => c.Name.StartsWith("__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(CategoricalEncoding.OneHot, 4 + 2 + 3)]
    // Two and three categories get 16 hashed slots each, not 1024: at 1024 the 100k-row file densified to a gigabyte.
    [InlineData(CategoricalEncoding.OneHotHash, 4 + 2 * 16)]
    public void Taxi_CategoricalEncodings_FeaturesHaveExpectedLength(CategoricalEncoding encoding, int length)
    {
        string path = _temp.Spread(TestData.Path("mlnet-samples", "taxi-fare-train.csv"), 200, "taxi.csv");
        DataFileSchema schema = ColumnInference.Infer(path, "fare_amount", DataTask.Regression);

        float[][] features = Features(schema, new PreprocessingOptions { Categorical = encoding, CategoricalHashBits = 10 }, out _);

        Assert.All(features, f => Assert.Equal(length, f.Length));
        // vendor_id and payment_type each set exactly one slot.
        Assert.All(features, f => Assert.Equal(2, f.Skip(4).Count(v => v == 1f)));
    }

    [Fact]
    public void SmsText_FeaturizedIntoNgramCounts()
    {
        string path = _temp.Head(TestData.Path("mlnet-samples", "SMSSpamCollection.tsv"), 200, "sms.tsv");
        DataFileSchema schema = ColumnInference.Infer(path, "0", DataTask.Classification);

        float[][] features = Features(schema, new PreprocessingOptions(), out _);

        Assert.Equal(200, features.Length);
        Assert.True(features[0].Length > 1000, $"only {features[0].Length} n-gram slots");
        Assert.All(features, f => Assert.Contains(f, v => v > 0));
    }

    [Theory]
    [InlineData(NumericScaling.MinMax)]
    [InlineData(NumericScaling.MeanVariance)]
    [InlineData(NumericScaling.LogMeanVariance)]
    [InlineData(NumericScaling.Binning)]
    [InlineData(NumericScaling.None)]
    public void MissingInfiniteZeroNegativeAndConstantValues_GiveFiniteFeatures(NumericScaling scaling)
    {
        string path = _temp.Write(
            "awkward.csv",
            "x,constant,negative,y\n1,0,-3,a\nInfinity,0,-1,b\n,0,0,a\n-Infinity,0,2,b\nabc,0,5,a\n4,0,?,b\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i},0,{-i},{(i % 2 == 0 ? "a" : "b")}")) + "\n");
        DataFileSchema schema = ColumnInference.Infer(path, "y", DataTask.Classification);

        float[][] features = Features(schema, new PreprocessingOptions { Scaling = scaling, MissingValues = MissingValuePolicy.MeanWithIndicator }, out _);

        Assert.All(features, f => Assert.All(f, v => Assert.True(float.IsFinite(v), $"non-finite feature {v}")));
        // Rows 2-6 of the data have x missing (∞, empty, -∞, text): their indicator slot is 1.
        Assert.Equal([0f, 1f, 1f, 1f, 1f, 0f], features.Take(6).Select(f => f[3]));
    }

    [Fact]
    public void InfiniteCells_AreFilledWithTheMeanOfTheFiniteValues()
    {
        string path = _temp.Write("inf.csv", "x,y\n1,a\nInfinity,b\n3,a\n-Infinity,b\n");
        DataFileSchema schema = ColumnInference.Infer(path, "y", DataTask.Classification);

        float[][] features = Features(schema, new PreprocessingOptions { Scaling = NumericScaling.None }, out _);

        Assert.Equal([1f, 2f, 3f, 2f], features.Select(f => f[0]));
    }

    private float[][] Features(DataFileSchema schema, PreprocessingOptions options, out IDataView transformed)
    {
        IDataView data = schema.Load(_ml);
        transformed = FeaturePipeline.Create(_ml, schema, options).Fit(data).Transform(data);
        var type = Assert.IsType<VectorDataViewType>(transformed.Schema[FeaturePipeline.FeaturesColumn].Type);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        return [.. transformed.GetColumn<VBuffer<float>>(FeaturePipeline.FeaturesColumn).Select(v => v.DenseValues().ToArray())];
    }
}
