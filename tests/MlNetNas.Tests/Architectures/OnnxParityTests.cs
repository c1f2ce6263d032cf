using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.Operators;
using MlNetNas.Onnx;
using MlNetNas.Training;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

/// <summary>Each operator and whole networks: ONNX Runtime's output equals TorchSharp's within 1e-4.</summary>
[Collection(TorchCollection.Name)]
public sealed class OnnxParityTests
{
    private const int Width = 12;

    public static TheoryData<string> SingleInputOperators => new()
    {
        "linear", "relu", "gelu", "silu", "tanh", "leaky_relu", "dropout", "batch_norm", "layer_norm",
    };

    [Theory]
    [MemberData(nameof(SingleInputOperators))]
    public void Operator_OnnxMatchesTorchSharp(string op)
    {
        var attributes = op == "linear" ? new Dictionary<string, double> { ["units"] = 7 } : new Dictionary<string, double>();
        var graph = new ArchitectureGraph(new TensorShape(Width), [new ArchitectureNode("n", op, ["input"], attributes)], "n");
        AssertParity(graph, seed: 3);
    }

    [Fact]
    public void Add_OnnxMatchesTorchSharp()
    {
        var graph = new ArchitectureGraph(
            new TensorShape(Width),
            [
                new ArchitectureNode("a", "linear", ["input"], new Dictionary<string, double> { ["units"] = Width }),
                new ArchitectureNode("sum", "add", "a", "input"),
            ],
            "sum");
        AssertParity(graph, seed: 4);
    }

    [Theory]
    [InlineData(ActivationKind.Relu, NormalizationKind.None, false)]
    [InlineData(ActivationKind.Gelu, NormalizationKind.Batch, true)]
    [InlineData(ActivationKind.Silu, NormalizationKind.Layer, true)]
    [InlineData(ActivationKind.LeakyRelu, NormalizationKind.Batch, false)]
    [InlineData(ActivationKind.Tanh, NormalizationKind.Layer, false)]
    public void WholeMlp_OnnxMatchesTorchSharp(ActivationKind activation, NormalizationKind normalization, bool residual)
    {
        var options = new MlpOptions { HiddenWidths = [32, 32, 16], Activation = activation, Normalization = normalization, Residual = residual, Dropout = 0.2 };
        AssertParity(MlpFamily.Build(Width, 5, options), seed: 5);
    }

    [Fact]
    public void ZeroHiddenLayerMlp_IsOneLinearLayer_AndItsOnnxMatchesTorchSharp()
    {
        var graph = MlpFamily.Build(Width, 3, new MlpOptions { HiddenWidths = [], Dropout = 0.2, Normalization = NormalizationKind.Batch, Residual = true });

        Assert.Equal(["linear"], graph.Nodes.Select(n => n.Operator));
        AssertParity(graph, seed: 6);
    }

    private static void AssertParity(ArchitectureGraph graph, int seed)
    {
        TorchSharpRuntime.EnsureLoadable();
        random.manual_seed(seed);
        using var module = new GraphModule(graph);
        var rng = new Random(seed);
        const int rows = 9;
        float[] input = Enumerable.Range(0, rows * Width).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        using (var scope = NewDisposeScope())
        {
            // A few training-mode passes give batch norm non-trivial running statistics.
            module.train();
            using var noGrad = no_grad();
            for (int i = 0; i < 3; i++)
            {
                module.forward(randn(16, Width) * 2 + 1);
            }
        }

        module.eval();
        float[] expected;
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            expected = module.forward(tensor(input, [rows, Width])).contiguous().data<float>().ToArray();
        }

        var onnx = new OnnxGraphBuilder();
        string x = onnx.AddInput("Features", OnnxElementType.Float, -1, Width);
        string y = onnx.Rename(module.EmitOnnx(onnx, x), "out");
        onnx.AddOutput(y, OnnxElementType.Float, -1, graph.OutputShape.Width);
        using var runner = new OnnxModelRunner(onnx.ToBytes());
        float[] actual = runner.Run("Features", input, [rows, Width], "out");

        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= 1e-4, $"max |torch - onnx| = {worst} for {graph}");
    }
}
