using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Onnx;
using MlNetNas.Training;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

/// <summary>The image operators and whole cell networks: ONNX Runtime's output equals TorchSharp's within 1e-4.</summary>
[Collection(TorchCollection.Name)]
public sealed class ConvolutionParityTests
{
    private static readonly InputSpec Image = InputSpec.Image(4, 6, 6);

    public static TheoryData<string, string> ImageOperators => new()
    {
        { "conv2d", "channels=5,kernel=3" },
        { "conv2d", "channels=6,kernel=1,bias=1" },
        { "conv2d", "channels=8,kernel=3,stride=2" },
        { "conv2d", "channels=4,kernel=5,groups=4" },
        { "conv2d", "channels=8,kernel=3,groups=2,padding=0" },
        { "batch_norm", string.Empty },
        { "avg_pool", "kernel=3" },
        { "avg_pool", "kernel=2,stride=2,padding=0" },
        { "avg_pool", "kernel=3,stride=2,padding=1" },
        { "max_pool", "kernel=3,stride=2" },
        { "global_avg_pool", string.Empty },
        { "flatten", string.Empty },
        { "zero", string.Empty },
        { "relu6", string.Empty },
        { "hard_swish", string.Empty },
        { "sigmoid", string.Empty },
        { "hard_sigmoid", string.Empty },
        { "squeeze_excite", "hidden=3" },
    };

    [Theory]
    [MemberData(nameof(ImageOperators))]
    public void ImageOperator_OnnxMatchesTorchSharp(string op, string attributes)
    {
        var parsed = attributes.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Split('='))
            .ToDictionary(a => a[0], a => double.Parse(a[1], System.Globalization.CultureInfo.InvariantCulture));
        var graph = new ArchitectureGraph(Image.Shape, [new ArchitectureNode("n", op, ["input"], parsed)], "n");
        OnnxParity.Assert(graph, seed: 11);
    }

    [Fact]
    public void AddOfThree_OnnxMatchesTorchSharp()
    {
        var graph = new ArchitectureGraph(
            Image.Shape,
            [
                new ArchitectureNode("a", "conv2d", ["input"], new Dictionary<string, double> { ["channels"] = 4 }),
                new ArchitectureNode("b", "avg_pool", "input"),
                new ArchitectureNode("sum", "add", "a", "b", "input"),
            ],
            "sum");
        OnnxParity.Assert(graph, seed: 12);
    }

    [Theory]
    [InlineData(8, 8, 1)]
    [InlineData(7, 7, 3)]
    public void SeededSampleOfCellNetworks_OnnxMatchesTorchSharp(int height, int width, int channels)
    {
        var family = new CellFamily();
        var input = InputSpec.Image(channels, height, width);
        var space = family.CreateSearchSpace(input);
        var rng = new Random(21);
        for (int k = 0; k < 6; k++)
        {
            var design = (CellOptions)family.ToDesign(space.Sample(rng));
            // Small skeletons keep the test fast; the cell itself is the sampled one.
            var graph = (design with { StemChannels = 4, CellsPerStage = 1 + (k % 2) }).Build(input, 10);
            OnnxParity.Assert(graph, seed: 30 + k);
        }
    }

    [Theory]
    [InlineData(8, 8, 1)]
    [InlineData(7, 7, 3)]
    public void SeededSampleOfMobileNetworks_OnnxMatchesTorchSharp(int height, int width, int channels)
    {
        var family = new MobileFamily();
        var input = InputSpec.Image(channels, height, width);
        var space = family.CreateSearchSpace(input);
        var rng = new Random(41);
        for (int k = 0; k < 6; k++)
        {
            var design = (MobileOptions)family.ToDesign(space.Sample(rng));
            // Narrow stages keep the test fast; kernels, expansions, SE, activations and depths are the sampled ones.
            var narrow = design with { StemChannels = 4, Stages = design.Stages.Select((s, i) => s with { Channels = 4 << i }).ToArray() };
            OnnxParity.Assert(narrow.Build(input, 10), seed: 50 + k);
        }
    }

    [Fact]
    public void MobileDefault_HasResidualsDepthwiseConvsAndSqueezeExcite()
    {
        var graph = new MobileOptions().Build(InputSpec.Image(1, 8, 8), 10);
        Assert.Contains(graph.Nodes, n => n.Operator == "add");
        Assert.Contains(graph.Nodes, n => n.Operator == "squeeze_excite");
        Assert.Contains(graph.Nodes, n => n.Operator == "conv2d" && n.Attribute("groups", 1) > 1);
        Assert.Equal(new TensorShape(64, 2, 2), graph.Shapes["s2b1_project_bn"]);
    }

    [Fact]
    public void MlpOnImage_FlattensAndMatches()
    {
        var graph = MlpFamily.Build(InputSpec.Image(1, 4, 4), 3, new MlpOptions { HiddenWidths = [8] });
        Assert.Equal("flatten", graph.Nodes[0].Operator);
        OnnxParity.Assert(graph, seed: 13);
    }
}
