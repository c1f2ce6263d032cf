namespace MlNetNas.Tests.SearchSpace;

using MlNetNas.SearchSpace;
using Xunit;

public sealed class SearchOptionTests
{
    private static List<Parameter> Samples(SearchOption option, int count, int seed = 1)
    {
        var random = new Random(seed);
        var point = new double[option.FeatureSpaceDimension];
        var samples = new List<Parameter>(count);
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < point.Length; d++)
            {
                point[d] = random.NextDouble();
            }

            samples.Add(option.SampleFromFeatureSpace(point));
        }

        return samples;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    [Fact]
    public void ChoiceOption_Sampling_HitsEveryValueWithNearEqualFrequency()
    {
        var option = new ChoiceOption("relu", "gelu", "tanh", "sigmoid");

        var counts = Samples(option, 8000).GroupBy(p => p.AsString()).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void ChoiceOption_NormalisesValues()
    {
        var option = new ChoiceOption(1, 2L, 0.5f, true, "x");

        Assert.Equal([1L, 2L, 0.5, true, "x"], option.Values);
        Assert.Equal(Parameter.FromInt(1), option.Default);
    }

    [Fact]
    public void IntRangeOption_Linear_HitsEveryIntegerIncludingEndsEvenly()
    {
        var option = new IntRangeOption(-2, 5);

        var counts = Samples(option, 8000).GroupBy(p => p.AsInt()).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Enumerable.Range(-2, 8), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void IntRangeOption_Log_StaysInBoundsHitsEndsAndHasGeometricMedian()
    {
        var option = new IntRangeOption(1, 1024, logScale: true);

        var values = Samples(option, 4000).Select(p => p.AsInt()).ToList();

        Assert.All(values, v => Assert.InRange(v, 1, 1024));
        Assert.Contains(1, values);
        Assert.Equal(1024, option.SampleFromFeatureSpace([0.999999]).AsInt());
        Assert.InRange(Median(values.Select(v => (double)v)), 32 / 1.3, 32 * 1.3);
    }

    [Fact]
    public void FloatRangeOption_Linear_StaysInBoundsAndDecodesEndsExactly()
    {
        var option = new FloatRangeOption(-1.5, 2.5);

        var values = Samples(option, 2000).Select(p => p.AsDouble()).ToList();

        Assert.All(values, v => Assert.InRange(v, -1.5, 2.5));
        Assert.InRange(Median(values), 0.3, 0.7);
        Assert.Equal(-1.5, option.SampleFromFeatureSpace([0.0]).AsDouble());
        Assert.Equal(2.5, option.SampleFromFeatureSpace([1.0]).AsDouble());
    }

    [Fact]
    public void FloatRangeOption_Log_MedianIsNearTheGeometricMidpoint()
    {
        var option = new FloatRangeOption(1e-5, 1e-1, logScale: true);

        var values = Samples(option, 4000).Select(p => p.AsDouble()).ToList();

        Assert.All(values, v => Assert.InRange(v, 1e-5, 1e-1));
        Assert.InRange(Median(values), 1e-3 / 1.3, 1e-3 * 1.3);
        Assert.Equal(1e-3, option.Default.AsDouble(), 1e-12);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, 10)]
    public void IntRangeOption_LogScaleWithNonPositiveMin_ThrowsNamingTheValues(int min, int max)
    {
        var e = Assert.Throws<ArgumentException>(() => new IntRangeOption(min, max, logScale: true));
        Assert.Contains($"min={min}", e.Message);
        Assert.Contains("min > 0", e.Message);
    }

    [Fact]
    public void BadDefinitions_ThrowWithTheOffendingValues()
    {
        Assert.Contains("min=5, max=1", Assert.Throws<ArgumentException>(() => new IntRangeOption(5, 1)).Message);
        Assert.Contains("min=0", Assert.Throws<ArgumentException>(() => new FloatRangeOption(0, 1, logScale: true)).Message);
        Assert.Contains("default 20", Assert.Throws<ArgumentException>(() => new IntRangeOption(1, 10, defaultValue: 20)).Message);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => new ChoiceOption()).Message);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new ChoiceOption("a", "a")).Message);
        Assert.Throws<ArgumentException>(() => new ChoiceOption(new object()));
    }

    [Fact]
    public void Defaults_AreExplicitOrMidpoints()
    {
        Assert.Equal(5, new IntRangeOption(0, 10).Default.AsInt());
        Assert.Equal(7, new IntRangeOption(0, 10, defaultValue: 7).Default.AsInt());
        Assert.Equal(10, new IntRangeOption(1, 100, logScale: true).Default.AsInt());
        Assert.Equal(0.5, new FloatRangeOption(0, 1).Default.AsDouble());
        Assert.Equal("c", new ConstantOption("c").Default.AsString());
        Assert.Equal(0, new ConstantOption(1).FeatureSpaceDimension);
    }

    [Fact]
    public void Encode_ValueOutsideTheOption_ThrowsWithTheValue()
    {
        Assert.Contains("[1, 10]", Assert.Throws<ArgumentException>(() => new IntRangeOption(1, 10).MappingToFeatureSpace(Parameter.FromInt(11))).Message);
        Assert.Contains("\"c\"", Assert.Throws<ArgumentException>(() => new ChoiceOption("a", "b").MappingToFeatureSpace(Parameter.FromString("c"))).Message);
        Assert.Throws<ArgumentException>(() => new ConstantOption(1).MappingToFeatureSpace(Parameter.FromInt(2)));
    }

    [Fact]
    public void Decode_WrongLengthOrNaN_Throws()
    {
        Assert.Throws<ArgumentException>(() => new IntRangeOption(1, 10).SampleFromFeatureSpace([0.1, 0.2]));
        Assert.Throws<ArgumentException>(() => new IntRangeOption(1, 10).SampleFromFeatureSpace([double.NaN]));
    }

    public static TheoryData<SearchOption> Leaves => new()
    {
        new ChoiceOption("a", 2, 3.5, false),
        new IntRangeOption(-5, 17),
        new IntRangeOption(3, int.MaxValue, logScale: true),
        new IntRangeOption(int.MinValue, int.MaxValue),
        new FloatRangeOption(0.1, 0.7),
        new FloatRangeOption(-1e6, 3.3e7),
        new FloatRangeOption(1e-8, 10, logScale: true),
        new FloatRangeOption(2.5, 2.5),
    };

    [Theory]
    [MemberData(nameof(Leaves))]
    public void DecodeOfEncode_IsIdentity_ForManySampledValues(SearchOption option)
    {
        foreach (var p in Samples(option, 2000, seed: 7).Append(option.Default))
        {
            var point = option.MappingToFeatureSpace(p);

            Assert.All(point, u => Assert.InRange(u, 0.0, 1.0));
            Assert.Equal(p, option.SampleFromFeatureSpace(point));
        }
    }

    [Theory]
    [InlineData(1e-4, 1e-1, true, new[] { 0.001, 0.003, 0.0123, 0.05, 1e-4, 0.1 })]
    [InlineData(0.1, 0.7, false, new[] { 0.3, 0.4, 0.45, 0.123456789012345 })]
    [InlineData(-3.0, 1e9, false, new[] { -2.5, 0.0, 1.0, 123456.789, 999999999.5 })]
    public void FloatRangeOption_ShortDecimalValues_RoundTripExactly(double min, double max, bool log, double[] values)
    {
        var option = new FloatRangeOption(min, max, log);

        foreach (var v in values)
        {
            var p = Parameter.FromDouble(v);
            Assert.Equal(p, option.SampleFromFeatureSpace(option.MappingToFeatureSpace(p)));
        }
    }
}
