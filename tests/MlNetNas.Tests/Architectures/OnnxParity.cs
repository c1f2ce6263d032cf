using MlNetNas.Architectures;
using MlNetNas.Onnx;
using MlNetNas.Training;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

/// <summary>Runs a graph in TorchSharp (evaluation mode, after fitting layers that take constants from data and training passes that move batch-norm statistics) and in ONNX Runtime on the same random input.</summary>
internal static class OnnxParity
{
    /// <summary>
    /// Checks parity; with <paramref name="perturbWeights"/> every parameter first moves by N(0, 0.1²) noise, so that a
    /// lowering which drops a weight still at its initial value (a scale of 1, a slope of 0.25) cannot pass.
    /// </summary>
    public static void Assert(ArchitectureGraph graph, int seed, double tolerance = 1e-4, Func<Random, int, float[]>? makeInput = null, bool perturbWeights = false)
    {
        TorchSharpRuntime.EnsureLoadable();
        random.manual_seed(seed);
        using var module = new GraphModule(graph);
        var spec = new InputSpec(graph.InputShape);
        var rng = new Random(seed);
        const int rows = 5;
        makeInput ??= (r, n) => Enumerable.Range(0, n * spec.FlatWidth).Select(_ => (float)((r.NextDouble() * 4) - 2)).ToArray();
        float[] input = makeInput(rng, rows);
        if (module.FitsToData)
        {
            // Layers fitted to the data (quantile bins, robust scales) see a batch of their own first, as a trainer gives them.
            using var scope = NewDisposeScope();
            module.FitToData(tensor(makeInput(rng, 64), spec.BatchShape(64)));
        }

        using (var scope = NewDisposeScope())
        {
            module.train();
            using var noGrad = no_grad();
            for (int i = 0; i < 3; i++)
            {
                module.forward(tensor(makeInput(rng, 8), spec.BatchShape(8)));
            }
        }

        if (perturbWeights)
        {
            using var noGrad = no_grad();
            foreach (var parameter in module.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.1);
            }
        }

        module.eval();
        float[] expected;
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            expected = module.forward(tensor(input, spec.BatchShape(rows))).contiguous().data<float>().ToArray();
        }

        var onnx = new OnnxGraphBuilder();
        string x = spec.DeclareOnnx(onnx, "Features");
        string y = onnx.Rename(module.EmitOnnx(onnx, x), "out");
        onnx.AddOutput(y, OnnxElementType.Float, [-1, .. graph.OutputShape.Dimensions.Select(d => (long)d)]);
        using var runner = new OnnxModelRunner(onnx.ToBytes());
        float[] actual = runner.Run("Features", input, [rows, spec.FlatWidth], "out");

        Xunit.Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Xunit.Assert.True(worst <= tolerance, $"max |torch - onnx| = {worst} for {graph}");
    }
}
