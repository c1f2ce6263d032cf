using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;
using Xunit;

namespace MlNetNas.Tests.Architectures;

using MlNetNas.SearchSpace;

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
    {
        var space = MlpSearchSpace.Create();
        var random = new Random(9);
        int embedded = 0;
        for (int i = 0; i < 12 && embedded < 4; i++)
        {
            var design = MlpSearchSpace.ToArchitecture(space.Sample(random));
            if (design.NumericEmbedding is null)
            {
                continue;
            }

            embedded++;
            design = design with { HiddenWidths = design.HiddenWidths.Select(w => Math.Min(w, 24)).ToArray() };
            var graph = design.Build(InputSpec.Vector(7), 3);
            Assert.Contains(graph.Nodes, n => n.Operator == "periodic_embedding");
            OnnxParity.Assert(graph, seed: 50 + i);
        }

        Assert.True(embedded >= 2, $"only {embedded} of the sampled MLPs had embeddings");
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
        double RSquared(MlpOptions design)
        {
            using var network = new NetworkTrainer(options).Train(MlpFamily.Build(1, 1, design), TrainingObjective.Regression, train, validation);
            float[] predicted = network.Predict(validation.Features, validation.Rows);
            double mean = validation.Targets.Average();
            return 1 - (predicted.Zip(validation.Targets).Sum(p => Math.Pow(p.First - p.Second, 2)) / validation.Targets.Sum(t => Math.Pow(t - mean, 2)));
        }

        double linear = RSquared(new MlpOptions { HiddenWidths = [] });
        double embedded = RSquared(new MlpOptions { HiddenWidths = [], NumericEmbedding = new PeriodicEmbeddingOptions { Frequencies = 8, Dim = 16, Sigma = 0.5 } });
        Assert.True(linear < 0.3, $"a linear model should not fit the wave: R² {linear}");
        Assert.True(embedded > 0.9, $"the embedded model should: R² {embedded}");
    }
}
