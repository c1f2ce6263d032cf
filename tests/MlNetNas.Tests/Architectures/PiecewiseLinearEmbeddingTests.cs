using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

/// <summary>Piecewise-linear (quantile-bin) encodings of numerical features: their bins, ONNX parity, where the MLP puts them, and what they can learn.</summary>
[Collection(TorchCollection.Name)]
public sealed class PiecewiseLinearEmbeddingTests
{
    [Theory]
    [InlineData(4, 3)]
    [InlineData(2, 1)]
    [InlineData(16, 8)]
    public void Operator_OnnxMatchesTorchSharp_AfterFitting(int bins, int dim)
    {
        var graph = Graph(6, bins, dim);
        Assert.Equal(6 * dim, graph.OutputShape.Width);
        Assert.Equal((6L * bins * dim) + (6L * dim), graph.ParameterCount);
        OnnxParity.Assert(graph, seed: 43, perturbWeights: true);
    }

    [Fact]
    public void Operator_OnnxMatchesTorchSharp_OnFewDistinctValues_AndOutsideTheTrainingRange()
    {
        // Column 0 binary, column 1 constant, column 2 continuous: zero-width bins encode 0, and the ONNX graph agrees
        // on rows beyond the fitted range (the open first and last bins).
        var graph = Graph(3, 8, 4);
        var calls = 0;
        OnnxParity.Assert(graph, seed: 44, makeInput: (random, rows) =>
        {
            float spread = calls++ == 1 ? 1 : 3; // the fit sample is the second batch made; the rest reach past it
            return Enumerable.Range(0, rows).SelectMany(_ => new[] { random.Next(2), 5f, (float)((random.NextDouble() * 2) - 1) * spread }).ToArray();
        });
    }

    [Fact]
    public void Fitting_CutsEachFeatureAtItsTrainingQuantiles()
    {
        TorchSharpRuntime.EnsureLoadable();
        using var module = new GraphModule(Graph(2, 4, 1));
        // Column 0 holds 0..99, column 1 holds 1000 + 10·(0..99): the edges follow each column's own scale.
        float[] rows = Enumerable.Range(0, 100).SelectMany(i => new[] { (float)i, 1000f + (10 * i) }).ToArray();
        using var sample = tensor(rows, [100, 2]);
        module.FitToData(sample);
        var state = module.state_dict();
        float[] left = state["embed.left"].data<float>().ToArray();
        float[] inverse = state["embed.inverseWidth"].data<float>().ToArray();
        Assert.Equal([0f, 24.75f, 49.5f, 74.25f], left.Take(4), new FloatTolerance(1e-4));
        Assert.Equal([1000f, 1247.5f, 1495f, 1742.5f], left.Skip(4), new FloatTolerance(1e-2));
        Assert.All(inverse.Take(4), v => Assert.Equal(1 / 24.75f, v, 1e-5f));
        Assert.All(inverse.Skip(4), v => Assert.Equal(1 / 247.5f, v, 1e-6f));
    }

    [Fact]
    public void AFeatureWithTwoValues_KeepsOneLiveBin()
    {
        TorchSharpRuntime.EnsureLoadable();
        using var module = new GraphModule(Graph(1, 4, 1));
        float[] rows = Enumerable.Range(0, 100).Select(i => i < 90 ? 0f : 1f).ToArray();
        using var sample = tensor(rows, [100, 1]);
        module.FitToData(sample);
        float[] inverse = module.state_dict()["embed.inverseWidth"].data<float>().ToArray();
        Assert.Equal([0f, 0f, 0f, 1f], inverse);
    }

    [Fact]
    public void WhereTheLowestQuantilesCoincide_TheFirstLiveBinIsOpenBelow()
    {
        TorchSharpRuntime.EnsureLoadable();
        using var module = new GraphModule(Graph(1, 4, 1));
        // 60 of 100 rows at the minimum: the edges are 0, 0, 0, 74.25, 99, so bins 0 and 1 have width zero and bin 2
        // is the first that can extrapolate below.
        float[] rows = Enumerable.Range(0, 100).Select(i => i < 60 ? 0f : i).ToArray();
        using var sample = tensor(rows, [100, 1]);
        module.FitToData(sample);
        var state = module.state_dict();
        Assert.Equal([0f, 0f, 1 / 74.25f, 1 / 24.75f], state["embed.inverseWidth"].data<float>().ToArray(), new FloatTolerance(1e-6));
        Assert.Equal([0f, 0f, -float.MaxValue, 0f], state["embed.lower"].data<float>().ToArray());
        Assert.Equal([1f, 1f, 1f, float.MaxValue], state["embed.upper"].data<float>().ToArray());
    }

    [Fact]
    public void ItsConstantsAndWeights_AreRegisteredUnderTheirFieldNames_AndMoveWithTheModule()
    {
        TorchSharpRuntime.EnsureLoadable();
        using var module = new GraphModule(Graph(2, 4, 3));
        string[] expected = ["embed.bias", "embed.inverseWidth", "embed.left", "embed.lower", "embed.upper", "embed.weight"];
        Assert.Equal(expected, module.state_dict().Keys.Order(StringComparer.Ordinal));
        EmbeddingChecks.AssertMovesWithTheModule(module);
    }

    [Fact]
    public void TheMlp_ScalesClipsThenEncodes_AndEveryPieceExports()
    {
        var graph = MlpFamily.Build(InputSpec.Vector(4), 2, new MlpOptions
        {
            HiddenWidths = [8],
            RobustScale = true,
            SmoothClip = true,
            NumericEmbedding = new PiecewiseLinearEmbeddingOptions { Bins = 5, Dim = 3 },
            InputScale = true,
            EnsembleMembers = 2,
        });
        Assert.Equal(["robust_scale", "smooth_clip", "piecewise_linear_embedding", "input_scale", "ensemble_fork"], graph.Nodes.Take(5).Select(n => n.Operator));
        Assert.Equal(12, graph.Shapes["embed"].Width);
        OnnxParity.Assert(graph, seed: 45, perturbWeights: true, makeInput: (random, rows) => Enumerable.Range(0, rows * 4).Select(_ => (float)(random.NextDouble() * 50)).ToArray());
    }

    [Fact]
    public void SampledMlpsWithEncodings_OnnxMatchesTorchSharp()
        => EmbeddingChecks.SampledMlpsExport<PiecewiseLinearEmbeddingOptions>("piecewise_linear_embedding", samplerSeed: 11, paritySeed: 60);

    [Fact]
    public void ALinearHeadOnTheEncoding_FitsAStepThatALinearModelCannot_OnAnyScale()
    {
        // y = 1 where x > 3000, else 0, with x in [1000, 5000]: the trainer fits the bins to the rows it trains on, so
        // even a feature far from the default [-3, 3] cut gets bins, and a linear head on them fits the step.
        static TrainingData Step(int rows, int seed)
        {
            var random = new Random(seed);
            float[] x = Enumerable.Range(0, rows).Select(_ => (float)(1000 + (random.NextDouble() * 4000))).ToArray();
            return new TrainingData(x, 1, x.Select(v => v > 3000 ? 1f : 0f).ToArray());
        }

        var train = Step(600, 1);
        var validation = Step(200, 2);
        var options = new TrainingOptions { MaxEpochs = 40, BatchSize = 32, LearningRate = 1e-2, Device = "cpu", Seed = 3 };
        double RSquared(MlpOptions design) => EmbeddingChecks.RSquared(design, options, train, validation);

        double linear = RSquared(new MlpOptions { HiddenWidths = [] });
        double encoded = RSquared(new MlpOptions { HiddenWidths = [], NumericEmbedding = new PiecewiseLinearEmbeddingOptions { Bins = 16, Dim = 8 } });
        Assert.True(linear < 0.8, $"a linear model should not fit the step: R² {linear}");
        Assert.True(encoded > 0.9, $"the encoded model should: R² {encoded}");
    }

    private static ArchitectureGraph Graph(int features, int bins, int dim) => new(
        new TensorShape(features),
        [new ArchitectureNode("embed", "piecewise_linear_embedding", [ArchitectureGraph.InputId], new Dictionary<string, double> { ["bins"] = bins, ["dim"] = dim })],
        "embed");
}
