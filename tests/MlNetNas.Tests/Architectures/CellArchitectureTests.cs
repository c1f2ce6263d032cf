using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;

namespace MlNetNas.Tests.Architectures;

public sealed class CellArchitectureTests
{
    [Theory]
    [InlineData("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|")]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    public void Parse_RoundTripsTheBenchmarkString(string text)
    {
        Assert.Equal(text, CellArchitecture.Parse(text).ToString());
    }

    [Fact]
    public void Parse_ReadsEdgesInBenchmarkOrder()
    {
        var cell = CellArchitecture.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
        Assert.Equal(["nor_conv_3x3", "none", "nor_conv_1x1", "skip_connect", "nor_conv_3x3", "avg_pool_3x3"], cell.EdgeOperations);
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|")]
    [InlineData("|conv_7x7~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("nonsense")]
    public void Parse_BadString_SaysWhatIsExpected(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => CellArchitecture.Parse(text));
        Assert.Contains("nor_conv_3x3", error.Message);
    }

    [Fact]
    public void Build_AllNoneCell_StillGivesAValidGraph()
    {
        var options = new CellOptions { Cell = CellArchitecture.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"), StemChannels = 4 };
        var graph = options.Build(InputSpec.Image(1, 8, 8), 10);
        Assert.Equal(new TensorShape(10), graph.OutputShape);
        Assert.Contains(graph.Nodes, n => n.Operator == "zero");
    }

    [Fact]
    public void Build_HalvesTheImageTwiceAndDoublesChannels()
    {
        var graph = new CellOptions { StemChannels = 8, CellsPerStage = 2 }.Build(InputSpec.Image(1, 8, 8), 10);
        Assert.Equal(new TensorShape(8, 8, 8), graph.Shapes["s0c1_n3"]);
        Assert.Equal(new TensorShape(32, 2, 2), graph.Shapes["s2c1_n3"]);
    }

    [Fact]
    public void Build_VectorInput_AsksForAnImageShape()
    {
        var error = Assert.Throws<ArgumentException>(() => new CellOptions().Build(InputSpec.Vector(64), 10));
        Assert.Contains("--image-shape", error.Message);
    }

    [Fact]
    public void FixedCell_SpaceHoldsItAsConstants()
    {
        var cell = CellArchitecture.Parse("|skip_connect~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
        var family = new CellFamily(cell);
        var space = family.CreateSearchSpace(InputSpec.Image(1, 8, 8));
        var rng = new Random(3);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(cell, ((CellOptions)family.ToDesign(space.Sample(rng))).Cell);
        }
    }

    [Theory]
    [InlineData("8x8", 1, 8, 8)]
    [InlineData("3x32x32", 3, 32, 32)]
    public void ParseImageShape_ReadsHxWAndCxHxW(string text, int c, int h, int w)
    {
        Assert.Equal(InputSpec.Image(c, h, w), InputSpec.ParseImageShape(text));
    }

    [Theory]
    [InlineData("8")]
    [InlineData("8x0")]
    [InlineData("axb")]
    [InlineData("1x2x3x4")]
    public void ParseImageShape_Bad_Throws(string text)
    {
        Assert.Throws<ArgumentException>(() => InputSpec.ParseImageShape(text));
    }
}
