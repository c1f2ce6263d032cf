using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.Operators;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

/// <summary>The MLP's parametric ReLU and input scaling layer: their values, ONNX parity, and where the MLP puts them.</summary>
[Collection(TorchCollection.Name)]
public sealed class ParametricLayerTests
{
    [Fact]
    public void PRelu_PassesAQuarterOfTheNegativeSide_AtFirst()
    {
        MlNetNas.Training.TorchSharpRuntime.EnsureLoadable();
        var graph = new ArchitectureGraph(new TensorShape(3), [new ArchitectureNode("a", "prelu", [ArchitectureGraph.InputId])], "a");
        Assert.Equal(3, graph.ParameterCount);
        using var module = new GraphModule(graph);
        using var y = module.forward(tensor(new float[] { -4, 0, 2 }, [1, 3]));
        Assert.Equal(new float[] { -1, 0, 2 }, y.data<float>().ToArray());
    }

    [Fact]
    public void AnMlpWithPReluAndInputScaling_OnnxMatchesTorchSharp_WithMovedWeights()
    {
        var graph = MlpFamily.Build(InputSpec.Vector(5), 3, new MlpOptions { HiddenWidths = [6, 4], Activation = ActivationKind.PRelu, InputScale = true });
        Assert.Equal(["input_scale", "linear", "prelu", "linear", "prelu", "linear"], graph.Nodes.Select(n => n.Operator));
        OnnxParity.Assert(graph, seed: 6, perturbWeights: true);
    }

    [Fact]
    public void TheScalingLayer_ComesAfterTheEmbedding_AndBeforeTheEnsemble()
    {
        var graph = MlpFamily.Build(InputSpec.Vector(4), 2, new MlpOptions
        {
            HiddenWidths = [8],
            InputScale = true,
            NumericEmbedding = new PeriodicEmbeddingOptions { Frequencies = 2, Dim = 3 },
            EnsembleMembers = 2,
        });
        Assert.Equal(["periodic_embedding", "input_scale", "ensemble_fork", "linear"], graph.Nodes.Take(4).Select(n => n.Operator));
        Assert.Equal(12, graph.Shapes["scale"].Width);
        OnnxParity.Assert(graph, seed: 7, perturbWeights: true);
    }
}
