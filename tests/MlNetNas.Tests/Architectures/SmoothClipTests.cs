using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using Xunit;

namespace MlNetNas.Tests.Architectures;

/// <summary>Smooth clipping of the MLP's input: x / √(1 + (x/3)²), the same in TorchSharp and ONNX Runtime.</summary>
[Collection(TorchCollection.Name)]
public sealed class SmoothClipTests
{
    [Fact]
    public void Operator_OnnxMatchesTorchSharp_OnValuesFarOutToo()
    {
        var graph = new ArchitectureGraph(new TensorShape(5), [new ArchitectureNode("n", "smooth_clip", [ArchitectureGraph.InputId])], "n");
        OnnxParity.Assert(graph, seed: 61, makeInput: (r, n) => Enumerable.Range(0, n * 5).Select(_ => (float)((r.NextDouble() - 0.5) * 200)).ToArray());
    }

    [Fact]
    public void Values_AreTheIdentityNearZero_AndTendToThree()
    {
        MlNetNas.Training.TorchSharpRuntime.EnsureLoadable();
        var graph = new ArchitectureGraph(new TensorShape(4), [new ArchitectureNode("n", "smooth_clip", [ArchitectureGraph.InputId])], "n");
        using var module = new GraphModule(graph);
        float[] x = [0.1f, 3f, 100f, -1000f];
        using var y = module.forward(TorchSharp.torch.tensor(x, [1, 4]));
        float[] expected = [.. x.Select(v => v / MathF.Sqrt(1 + (v * v / 9)))];
        float[] actual = y.data<float>().ToArray();
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(expected[i], actual[i], 5));
        Assert.InRange(expected[0], 0.0998f, 0.1f);
        Assert.InRange(expected[2], 2.99f, 3f);
    }

    [Fact]
    public void AnMlpWithClipping_ClipsFirst_ThenEmbeds()
    {
        var graph = MlpFamily.Build(InputSpec.Vector(4), 2, new MlpOptions { HiddenWidths = [8], SmoothClip = true, NumericEmbedding = new PeriodicEmbeddingOptions { Frequencies = 2, Dim = 3 } });
        Assert.Equal(["smooth_clip", "periodic_embedding", "linear"], graph.Nodes.Take(3).Select(n => n.Operator));
        Assert.Equal(4, graph.Shapes["clip"].Width);
        Assert.Equal(12, graph.Shapes["embed"].Width);
        OnnxParity.Assert(graph, seed: 62);
    }
}
