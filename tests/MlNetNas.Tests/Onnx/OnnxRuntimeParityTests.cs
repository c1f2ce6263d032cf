using MlNetNas.Onnx;
using Xunit;

namespace MlNetNas.Tests.Onnx;

/// <summary>Small graphs run in ONNX Runtime and compared with the same maths written out in C#.</summary>
public sealed class OnnxRuntimeParityTests
{
    private const float Tolerance = 1e-5f;

    private static float[] RandomArray(Random random, int length)
        => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(
                Math.Abs(expected[k] - actual[k]) <= Tolerance * Math.Max(1, Math.Abs(expected[k])),
                $"Element {k}: expected {expected[k]}, ONNX Runtime gave {actual[k]}.");
        }
    }

    // y = relu(x · Wᵀ + b) with W stored as [out, in], as a linear layer keeps it.
    private static float[] GemmReluReference(float[] x, int batch, float[] w, float[] b, int inDim, int outDim)
    {
        var y = new float[batch * outDim];
        for (var n = 0; n < batch; n++)
        {
            for (var j = 0; j < outDim; j++)
            {
                var sum = b[j];
                for (var k = 0; k < inDim; k++)
                {
                    sum += x[n * inDim + k] * w[j * inDim + k];
                }

                y[n * outDim + j] = Math.Max(0, sum);
            }
        }

        return y;
    }

    private static (byte[] Model, float[] W, float[] B) GemmReluModel(Random random, int inDim, int outDim)
    {
        var w = RandomArray(random, outDim * inDim);
        var b = RandomArray(random, outDim);
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("Features", OnnxElementType.Float, -1, inDim);
        var wName = builder.AddInitializer("fc.weight", w, outDim, inDim);
        var bName = builder.AddInitializer("fc.bias", b, outDim);
        var gemm = builder.AddNode("Gemm", [x, wName, bName], new Dictionary<string, object> { ["transB"] = 1 });
        var relu = builder.AddNode("Relu", [gemm]);
        builder.AddOutput(builder.Rename(relu, "Score"), OnnxElementType.Float, -1, outDim);
        return (builder.ToBytes(), w, b);
    }

    [Fact]
    public void GemmTransBPlusRelu_MatchesReference()
    {
        var random = new Random(1);
        var (model, w, b) = GemmReluModel(random, inDim: 3, outDim: 4);
        var x = RandomArray(random, 5 * 3);

        using var runner = new OnnxModelRunner(model);
        var actual = runner.Run("Features", x, [5, 3], "Score");

        AssertClose(GemmReluReference(x, 5, w, b, 3, 4), actual);
        Assert.Contains(actual, v => v == 0f);
        Assert.Contains(actual, v => v > 0f);
    }

    [Fact]
    public void DynamicBatch_SameModelRunsBatchOneAndSeven()
    {
        var random = new Random(2);
        var (model, w, b) = GemmReluModel(random, inDim: 3, outDim: 2);
        using var runner = new OnnxModelRunner(model);

        foreach (var batch in new[] { 1, 7 })
        {
            var x = RandomArray(random, batch * 3);
            var result = runner.RunTensors(new Dictionary<string, (Array, long[])> { ["Features"] = (x, [batch, 3]) });
            var (data, shape) = result["Score"];
            Assert.Equal(new long[] { batch, 2 }, shape);
            AssertClose(GemmReluReference(x, batch, w, b, 3, 2), (float[])data);
        }
    }

    [Fact]
    public void MatMulAddSigmoid_MatchesReference()
    {
        var random = new Random(3);
        const int batch = 4, inDim = 4, outDim = 2;
        var w = RandomArray(random, inDim * outDim);
        var b = RandomArray(random, outDim);
        var x = RandomArray(random, batch * inDim);
        var builder = new OnnxGraphBuilder();
        var input = builder.AddInput("x", OnnxElementType.Float, -1, inDim);
        var mm = builder.AddNode("MatMul", [input, builder.AddInitializer("w", w, inDim, outDim)]);
        var add = builder.AddNode("Add", [mm, builder.AddInitializer("b", b, outDim)]);
        var sig = builder.AddNode("Sigmoid", [add], outputNameHint: "y");
        builder.AddOutput(sig, OnnxElementType.Float, -1, outDim);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        var actual = runner.Run("x", x, [batch, inDim], "y");

        var expected = new float[batch * outDim];
        for (var n = 0; n < batch; n++)
        {
            for (var j = 0; j < outDim; j++)
            {
                double z = b[j];
                for (var k = 0; k < inDim; k++)
                {
                    z += x[n * inDim + k] * w[k * outDim + j];
                }

                expected[n * outDim + j] = (float)(1 / (1 + Math.Exp(-z)));
            }
        }

        AssertClose(expected, actual);
    }

    [Fact]
    public void SoftmaxAlongAxisOne_MatchesReferenceAndRowsSumToOne()
    {
        var random = new Random(4);
        const int rows = 3, cols = 5;
        var x = RandomArray(random, rows * cols);
        var builder = new OnnxGraphBuilder();
        var input = builder.AddInput("x", OnnxElementType.Float, -1, cols);
        var softmax = builder.AddNode("Softmax", [input], new Dictionary<string, object> { ["axis"] = 1 });
        builder.AddOutput(softmax, OnnxElementType.Float, -1, cols);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        var actual = runner.Run("x", x, [rows, cols], softmax);

        var expected = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            var row = x.Skip(r * cols).Take(cols).Select(v => (double)v).ToArray();
            var max = row.Max();
            var sum = row.Sum(v => Math.Exp(v - max));
            for (var c = 0; c < cols; c++)
            {
                expected[r * cols + c] = (float)(Math.Exp(row[c] - max) / sum);
            }

            Assert.Equal(1.0, actual.Skip(r * cols).Take(cols).Sum(v => (double)v), 5);
        }

        AssertClose(expected, actual);
    }

    [Fact]
    public void ArgMaxThenGatherOverStringInitializer_GivesClassNames()
    {
        string[] classes = ["cat", "dog", "bird"];
        var builder = new OnnxGraphBuilder();
        var scores = builder.AddInput("Score", OnnxElementType.Float, -1, 3);
        var labels = builder.AddStringInitializer("classes", classes, 3);
        var index = builder.AddNode("ArgMax", [scores], new Dictionary<string, object> { ["axis"] = 1, ["keepdims"] = 0 });
        var gathered = builder.AddNode("Gather", [labels, index], new Dictionary<string, object> { ["axis"] = 0 });
        builder.AddOutput(builder.Rename(gathered, "PredictedLabel"), OnnxElementType.String, -1);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        float[] x = [0.1f, 0.7f, 0.2f, 3f, -1f, 2f, 0f, 0f, 5f, -3f, 9f, 1f];
        var result = runner.RunTensors(new Dictionary<string, (Array, long[])> { ["Score"] = (x, [4, 3]) });

        var (data, shape) = result["PredictedLabel"];
        // keepdims = 0 must reach ONNX Runtime: with the default (1) the shape would be [4, 1].
        Assert.Equal(new long[] { 4 }, shape);
        Assert.Equal(new[] { "dog", "cat", "bird", "dog" }, (string[])data);
        var ex = Assert.Throws<InvalidOperationException>(() => runner.Run("Score", x, [4, 3], "PredictedLabel"));
        Assert.Contains("not float", ex.Message);
    }

    [Fact]
    public void LayerNormalizationOpset17_MatchesHandComputation()
    {
        var random = new Random(5);
        const int batch = 3, dim = 4;
        const float epsilon = 1e-5f;
        var scale = RandomArray(random, dim);
        var bias = RandomArray(random, dim);
        var x = RandomArray(random, batch * dim);
        var builder = new OnnxGraphBuilder(opset: 17);
        var input = builder.AddInput("x", OnnxElementType.Float, -1, dim);
        var ln = builder.AddNode(
            "LayerNormalization",
            [input, builder.AddInitializer("ln.weight", scale, dim), builder.AddInitializer("ln.bias", bias, dim)],
            new Dictionary<string, object> { ["axis"] = -1, ["epsilon"] = epsilon });
        builder.AddOutput(ln, OnnxElementType.Float, -1, dim);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        var actual = runner.Run("x", x, [batch, dim], ln);

        var expected = new float[batch * dim];
        for (var n = 0; n < batch; n++)
        {
            var row = x.Skip(n * dim).Take(dim).Select(v => (double)v).ToArray();
            var mean = row.Average();
            var variance = row.Average(v => (v - mean) * (v - mean));
            for (var k = 0; k < dim; k++)
            {
                expected[n * dim + k] = (float)((row[k] - mean) / Math.Sqrt(variance + epsilon) * scale[k] + bias[k]);
            }
        }

        AssertClose(expected, actual);
    }

    [Fact]
    public void BatchNormalizationInference_MatchesHandComputation()
    {
        var random = new Random(6);
        const int batch = 2, channels = 3, spatial = 2;
        const float epsilon = 1e-3f;
        var scale = RandomArray(random, channels);
        var shift = RandomArray(random, channels);
        var mean = RandomArray(random, channels);
        var variance = RandomArray(random, channels).Select(v => Math.Abs(v) + 0.1f).ToArray();
        var x = RandomArray(random, batch * channels * spatial);
        var builder = new OnnxGraphBuilder();
        var input = builder.AddInput("x", OnnxElementType.Float, -1, channels, spatial);
        var bn = builder.AddNode(
            "BatchNormalization",
            [
                input,
                builder.AddInitializer("bn.weight", scale, channels),
                builder.AddInitializer("bn.bias", shift, channels),
                builder.AddInitializer("bn.running_mean", mean, channels),
                builder.AddInitializer("bn.running_var", variance, channels),
            ],
            new Dictionary<string, object> { ["epsilon"] = epsilon });
        builder.AddOutput(bn, OnnxElementType.Float, -1, channels, spatial);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        var actual = runner.Run("x", x, [batch, channels, spatial], bn);

        var expected = new float[x.Length];
        for (var k = 0; k < x.Length; k++)
        {
            var c = k / spatial % channels;
            expected[k] = (float)(scale[c] * (x[k] - mean[c]) / Math.Sqrt(variance[c] + epsilon) + shift[c]);
        }

        AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(21)]
    [InlineData(23)]
    public void ModelAtOpset_LoadsAndRunsInOnnxRuntime(int opset)
    {
        var builder = new OnnxGraphBuilder(opset: opset);
        var x = builder.AddInput("x", OnnxElementType.Float, -1, 2);
        builder.AddOutput(builder.AddNode("Neg", [x]), OnnxElementType.Float, -1, 2);

        using var runner = new OnnxModelRunner(builder.ToBytes());

        Assert.Equal(new[] { -1f, 2f }, runner.Run("x", [1f, -2f], [1, 2], "neg"));
    }

    [Fact]
    public void Int64Input_GathersFromStringInitializer()
    {
        var builder = new OnnxGraphBuilder();
        var indices = builder.AddInput("index", OnnxElementType.Int64, -1);
        var names = builder.AddStringInitializer("names", ["zero", "one", "two"], 3);
        builder.AddOutput(builder.AddNode("Gather", [names, indices], outputNameHint: "label"), OnnxElementType.String, -1);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        var result = runner.RunTensors(new Dictionary<string, (Array, long[])> { ["index"] = (new long[] { 2, 0, 2 }, [3]) });

        Assert.Equal(new[] { "two", "zero", "two" }, (string[])result["label"].Data);
    }

    [Fact]
    public void RunAllOutputs_ReturnsEveryOutputByName()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, -1, 2);
        builder.AddOutput(builder.AddNode("Relu", [x]), OnnxElementType.Float, -1, 2);
        builder.AddOutput(builder.AddNode("ArgMax", [x], new Dictionary<string, object> { ["axis"] = 1 }), OnnxElementType.Int64, -1, 1);

        using var runner = new OnnxModelRunner(builder.ToBytes());
        var outputs = runner.Run(new Dictionary<string, (float[] data, long[] shape)> { ["x"] = ([-1f, 3f, 2f, 0f], [2, 2]) });

        Assert.Equal(new[] { 0f, 3f, 2f, 0f }, (float[])outputs["relu"]);
        Assert.Equal(new long[] { 1, 0 }, (long[])outputs["argmax"]);
    }
}
