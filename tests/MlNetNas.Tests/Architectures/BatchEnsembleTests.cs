using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

using MlNetNas.SearchSpace;

/// <summary>TabM-style batch ensembles in the MLP: ONNX parity, the member dimension while training, and that they train.</summary>
[Collection(TorchCollection.Name)]
public sealed class BatchEnsembleTests
{
    private static ArchitectureNode Node(string id, string op, string input, params (string Name, double Value)[] attributes) =>
        new(id, op, [input], attributes.ToDictionary(a => a.Name, a => a.Value));

    [Theory]
    [InlineData(2, "layer_norm")]
    [InlineData(5, "batch_norm")]
    public void ForkAndHead_OnnxMatchesTorchSharp(int members, string norm)
    {
        var graph = new ArchitectureGraph(
            new TensorShape(6),
            [
                Node("fork", "ensemble_fork", ArchitectureGraph.InputId, ("members", members)),
                Node("h", "linear", "fork", ("units", 7)),
                Node("n", norm, "h"),
                Node("a", "relu", "n"),
                Node("head", "ensemble_head", "a", ("units", 3), ("members", members)),
            ],
            "head");
        Assert.Equal(3, graph.OutputShape.Width);
        Assert.Equal(members, graph.RowsPerExample);
        Assert.Equal((members * 6) + ((6 * 7) + 7) + (2 * 7) + (members * 3 * (7 + 1)), graph.ParameterCount);
        OnnxParity.Assert(graph, seed: 71, perturbWeights: true);
    }

    [Fact]
    public void SampledMlpsWithEnsembles_OnnxMatchesTorchSharp()
    {
        var space = MlpSearchSpace.Create();
        var random = new Random(12);
        int ensembles = 0;
        for (int i = 0; i < 20 && ensembles < 4; i++)
        {
            var design = MlpSearchSpace.ToArchitecture(space.Sample(random));
            if (design.EnsembleMembers == 1)
            {
                continue;
            }

            ensembles++;
            design = design with { HiddenWidths = design.HiddenWidths.Select(w => Math.Min(w, 24)).ToArray() };
            var graph = design.Build(InputSpec.Vector(5), 3);
            Assert.Equal("ensemble_fork", graph.Nodes.First(n => n.Operator.StartsWith("ensemble", StringComparison.Ordinal)).Operator);
            Assert.Equal("ensemble_head", graph.Nodes[^1].Operator);
            OnnxParity.Assert(graph, seed: 80 + i);
        }

        Assert.True(ensembles >= 2, $"only {ensembles} of the sampled MLPs were ensembles");
    }

    [Fact]
    public void WhileTraining_EachMemberPredicts_AndEvaluationIsTheirMean()
    {
        TorchSharpRuntime.EnsureLoadable();
        random.manual_seed(5);
        var graph = MlpFamily.Build(InputSpec.Vector(4), 3, new MlpOptions { HiddenWidths = [8], EnsembleMembers = 4 });
        using var module = new GraphModule(graph);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(6, 4);
        module.train();
        var members = module.forward(x);
        Assert.Equal(new long[] { 6, 4, 3 }, members.shape);
        module.eval();
        var mean = module.forward(x);
        Assert.Equal(new long[] { 6, 3 }, mean.shape);
        Assert.True(members.mean([1]).allclose(mean, atol: 1e-6), "the evaluated output is the members' mean");

        // The ±1 scales of the fork start the members apart.
        Assert.True((members[.., 0] - members[.., 1]).abs().max().item<float>() > 1e-3, "two members predicted the same");
    }

    [Fact]
    public void AWideInput_GoesInWithoutTheEnsemble()
    {
        var options = new MlpOptions { HiddenWidths = [4], EnsembleMembers = 8 };
        Assert.Contains(MlpFamily.Build(MlpFamily.MaxForkedFeatures, 2, options).Nodes, n => n.Operator == "ensemble_fork");
        var wide = MlpFamily.Build(MlpFamily.MaxForkedFeatures + 1, 2, options);
        Assert.DoesNotContain(wide.Nodes, n => n.Operator.StartsWith("ensemble", StringComparison.Ordinal));
        Assert.Equal("linear", wide.Nodes[^1].Operator);
    }

    [Theory]
    [InlineData(TrainingObjective.MulticlassClassification)]
    [InlineData(TrainingObjective.BinaryClassification)]
    [InlineData(TrainingObjective.Regression)]
    public void AnEnsemble_TrainsOnEachTask(TrainingObjective objective)
    {
        // Two informative features of five: the class (or value) is a nonlinear function of them.
        static TrainingData Make(int rows, int seed, TrainingObjective objective)
        {
            var random = new Random(seed);
            var x = new float[rows * 5];
            var y = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < 5; c++)
                {
                    x[(r * 5) + c] = (float)((random.NextDouble() * 2) - 1);
                }

                float a = x[r * 5], b = x[(r * 5) + 1];
                y[r] = objective switch
                {
                    TrainingObjective.MulticlassClassification => a * b > 0 ? (a > 0 ? 0 : 1) : 2,
                    TrainingObjective.BinaryClassification => a * b > 0 ? 1 : 0,
                    _ => a * b,
                };
            }

            return new TrainingData(x, 5, y);
        }

        var train = Make(600, 1, objective);
        var validation = Make(200, 2, objective);
        int outputs = objective == TrainingObjective.MulticlassClassification ? 3 : 1;
        var graph = MlpFamily.Build(InputSpec.Vector(5), outputs, new MlpOptions { HiddenWidths = [32, 32], EnsembleMembers = 4 });
        var options = new TrainingOptions { MaxEpochs = 40, BatchSize = 32, LearningRate = 1e-2, Device = "cpu", Seed = 4 };
        using var network = new NetworkTrainer(options).Train(graph, objective, train, validation);
        float[] predicted = network.Predict(validation.Features, validation.Rows);
        Assert.Equal(validation.Rows * outputs, predicted.Length);
        double first = network.History[0].ValidationLoss, best = network.History.Min(h => h.ValidationLoss);
        Assert.True(best < first * 0.5, $"validation loss went from {first} to at best {best}");
    }
}
