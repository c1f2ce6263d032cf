using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;
using TorchSharp;

namespace MlNetNas.Tests.Architectures;

using MlNetNas.SearchSpace;

/// <summary>Checks the numerical feature embeddings share: sampled MLPs that use one export, and what a model with one learns.</summary>
internal static class EmbeddingChecks
{
    /// <summary>
    /// Samples the MLP space from <paramref name="samplerSeed"/> until four designs (of at most 40) hold an
    /// embedding of type <typeparamref name="T"/>, and checks ONNX parity for each; at least two must turn up.
    /// </summary>
    public static void SampledMlpsExport<T>(string op, int samplerSeed, int paritySeed)
        where T : NumericEmbeddingOptions
    {
        var space = MlpSearchSpace.Create();
        var random = new Random(samplerSeed);
        int embedded = 0;
        for (int i = 0; i < 40 && embedded < 4; i++)
        {
            var design = MlpSearchSpace.ToArchitecture(space.Sample(random));
            if (design.NumericEmbedding is not T)
            {
                continue;
            }

            embedded++;
            design = design with { HiddenWidths = design.HiddenWidths.Select(w => Math.Min(w, 24)).ToArray() };
            var graph = design.Build(InputSpec.Vector(7), 3);
            Xunit.Assert.Contains(graph.Nodes, n => n.Operator == op);
            OnnxParity.Assert(graph, seed: paritySeed + i);
        }

        Xunit.Assert.True(embedded >= 2, $"only {embedded} of the sampled MLPs had a {op}");
    }

    /// <summary>
    /// Checks that every weight and constant of <paramref name="module"/> (a vector input) moves with it: moving a module
    /// to a device, or as here to double precision, replaces each registered field by its moved copy under the field's
    /// name, so a layer that read a weight kept anywhere else would fail (or compute with the old one) after the move.
    /// </summary>
    public static void AssertMovesWithTheModule(GraphModule module)
    {
        int width = module.Graph.InputShape.Width;
        var random = new Random(3);
        float[] input = Enumerable.Range(0, 4 * width).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        module.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        float[] single = module.forward(torch.tensor(input, [4, width])).data<float>().ToArray();
        module.to(torch.ScalarType.Float64);
        double[] doubled = module.forward(torch.tensor(input.Select(v => (double)v).ToArray(), [4, width])).data<double>().ToArray();
        Xunit.Assert.Equal(single.Length, doubled.Length);
        Xunit.Assert.All(single.Zip(doubled), p => Xunit.Assert.True(Math.Abs(p.First - p.Second) <= 1e-4, $"{p.First} against {p.Second}"));
    }

    /// <summary>The validation R² of an MLP of <paramref name="design"/> trained on one-feature regression data.</summary>
    public static double RSquared(MlpOptions design, TrainingOptions options, TrainingData train, TrainingData validation)
    {
        using var network = new NetworkTrainer(options).Train(MlpFamily.Build(1, 1, design), TrainingObjective.Regression, train, validation);
        float[] predicted = network.Predict(validation.Features, validation.Rows);
        double mean = validation.Targets.Average();
        return 1 - (predicted.Zip(validation.Targets).Sum(p => Math.Pow(p.First - p.Second, 2)) / validation.Targets.Sum(t => Math.Pow(t - mean, 2)));
    }
}
