using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;
using Xunit;

namespace MlNetNas.Tests.Architectures;

/// <summary>Periodic (PLR) embeddings of numerical features: ONNX parity, where the MLP applies them, and what they can learn.</summary>
[Collection(TorchCollection.Name)]
public sealed class PeriodicEmbeddingTests
{
    [Theory]
    [InlineData(4, 3, 1.0)]
    [InlineData(1, 5, 0.1)]
    public void Operator_OnnxMatchesTorchSharp(int frequencies, int dim, double sigma)
    {
        var graph = new ArchitectureGraph(
            new TensorShape(6),
            [new ArchitectureNode("n", "periodic_embedding", [ArchitectureGraph.InputId], new Dictionary<string, double> { ["frequencies"] = frequencies, ["dim"] = dim, ["sigma"] = sigma })],
            "n");
        Assert.Equal(6 * dim, graph.OutputShape.Width);
        OnnxParity.Assert(graph, seed: 41);
    }

    [Fact]
    public void SampledMlpsWithEmbeddings_OnnxMatchesTorchSharp()
        => EmbeddingChecks.SampledMlpsExport<PeriodicEmbeddingOptions>("periodic_embedding", samplerSeed: 9, paritySeed: 50);

    [Fact]
    public void ItsWeights_MoveWithTheModule()
    {
        TorchSharpRuntime.EnsureLoadable();
        var graph = new ArchitectureGraph(
            new TensorShape(3),
            [new ArchitectureNode("n", "periodic_embedding", [ArchitectureGraph.InputId], new Dictionary<string, double> { ["frequencies"] = 2, ["dim"] = 4, ["sigma"] = 1 })],
            "n");
        using var module = new GraphModule(graph);
        EmbeddingChecks.AssertMovesWithTheModule(module);
    }

    [Fact]
    public void AWideInput_GoesInWithoutTheEmbedding()
    {
        var options = new MlpOptions { HiddenWidths = [16], NumericEmbedding = new PeriodicEmbeddingOptions() };
        Assert.Contains(MlpFamily.Build(MlpFamily.MaxEmbeddedFeatures, 2, options).Nodes, n => n.Operator == "periodic_embedding");
        Assert.DoesNotContain(MlpFamily.Build(MlpFamily.MaxEmbeddedFeatures + 1, 2, options).Nodes, n => n.Operator == "periodic_embedding");
    }

    [Fact]
    public void ALinearHeadOnTheEmbedding_FitsAWaveThatALinearModelCannot()
    {
        // y = sin(3x) over x in [-2, 2]: no linear function of x explains it; a linear head on sines and cosines of x does.
        static TrainingData Wave(int rows, int seed)
        {
            var random = new Random(seed);
            float[] x = Enumerable.Range(0, rows).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
            return new TrainingData(x, 1, x.Select(v => MathF.Sin(3 * v)).ToArray());
        }

        var train = Wave(600, 1);
        var validation = Wave(200, 2);
        var options = new TrainingOptions { MaxEpochs = 60, BatchSize = 32, LearningRate = 1e-2, Device = "cpu", Seed = 3 };
        double RSquared(MlpOptions design) => EmbeddingChecks.RSquared(design, options, train, validation);

        double linear = RSquared(new MlpOptions { HiddenWidths = [] });
        double embedded = RSquared(new MlpOptions { HiddenWidths = [], NumericEmbedding = new PeriodicEmbeddingOptions { Frequencies = 8, Dim = 16, Sigma = 0.5 } });
        Assert.True(linear < 0.3, $"a linear model should not fit the wave: R² {linear}");
        Assert.True(embedded > 0.9, $"the embedded model should: R² {embedded}");
    }
}
