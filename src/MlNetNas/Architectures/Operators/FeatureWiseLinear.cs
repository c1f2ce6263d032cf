using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The step after a numerical feature embedding: a linear layer of its own per feature, from the feature's
/// <c>inputs</c> encoded values to <c>dim</c> values, then a ReLU, flattened from <c>[N, d, dim]</c> to
/// <c>[N, d · dim]</c>. The owning layer keeps the weights as its own fields (so that moving the module to a device
/// moves them) and hands them in. ONNX: Transpose, MatMul (batched over features), Transpose, Add, Relu, Flatten.
/// </summary>
internal static class FeatureWiseLinear
{
    /// <summary>Fresh weights [d, inputs, dim] and biases [d, dim], as <c>nn.Linear(inputs, dim)</c> starts them: U(-1/√inputs, 1/√inputs).</summary>
    public static (TorchSharp.Modules.Parameter Weight, TorchSharp.Modules.Parameter Bias) CreateWeights(int features, int inputs, int dim)
    {
        double bound = 1 / Math.Sqrt(inputs);
        var weight = nn.Parameter((rand(features, inputs, dim) * 2 - 1) * bound);
        var bias = nn.Parameter((rand(features, dim) * 2 - 1) * bound);
        return (weight, bias);
    }

    /// <summary>The trainable values of a layer over <paramref name="features"/> features.</summary>
    public static long CountParameters(long features, int inputs, int dim) => (features * inputs * dim) + (features * dim);

    /// <summary>The flattened, activated projection of <paramref name="encoded"/>, [N, d, inputs].</summary>
    public static Tensor Forward(Tensor encoded, Tensor weight, Tensor bias)
    {
        using var scope = NewDisposeScope();
        var projected = matmul(encoded.transpose(0, 1), weight).transpose(0, 1) + bias; // [N, d, dim]
        return nn.functional.relu(projected).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>Adds the ONNX nodes over <paramref name="encoded"/>, [N, d, inputs]; the output is named <paramref name="name"/>.</summary>
    public static string EmitOnnx(OnnxGraphBuilder onnx, string name, string encoded, Tensor weight, Tensor bias)
    {
        string byFeature = onnx.AddNode("Transpose", [encoded], new Dictionary<string, object> { ["perm"] = new long[] { 1, 0, 2 } }, $"{name}_by_feature");
        string product = onnx.AddNode("MatMul", [byFeature, onnx.AddInitializer($"{name}_weight", GraphLayer.ValuesOf(weight), weight.shape)], outputNameHint: $"{name}_product");
        string byRow = onnx.AddNode("Transpose", [product], new Dictionary<string, object> { ["perm"] = new long[] { 1, 0, 2 } }, $"{name}_by_row");
        string shifted = onnx.AddNode("Add", [byRow, onnx.AddInitializer($"{name}_bias", GraphLayer.ValuesOf(bias), bias.shape)], outputNameHint: $"{name}_shifted");
        string activated = onnx.AddNode("Relu", [shifted], outputNameHint: $"{name}_relu");
        return onnx.AddNode("Flatten", [activated], new Dictionary<string, object> { ["axis"] = 1L }, name);
    }
}
