using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The step after a numerical feature embedding: a linear layer of its own per feature, from the feature's
/// <c>inputs</c> encoded values to <c>dim</c> values, then a ReLU, flattened from <c>[N, d, dim]</c> to
/// <c>[N, d · dim]</c>. Its weights start as <c>nn.Linear(inputs, dim)</c>'s would, U(-1/√inputs, 1/√inputs).
/// ONNX: Transpose, MatMul (batched over features), Transpose, Add, Relu, Flatten.
/// </summary>
internal sealed class FeatureWiseLinear
{
    private readonly int features;
    private readonly int inputs;
    private readonly int dim;

    public FeatureWiseLinear(int features, int inputs, int dim)
    {
        this.features = features;
        this.inputs = inputs;
        this.dim = dim;
        double bound = 1 / Math.Sqrt(inputs);
        Weight = nn.Parameter((rand(features, inputs, dim) * 2 - 1) * bound);
        Bias = nn.Parameter((rand(features, dim) * 2 - 1) * bound);
    }

    /// <summary>The weights, [d, inputs, dim]; the owning layer registers them.</summary>
    public TorchSharp.Modules.Parameter Weight { get; }

    /// <summary>The biases, [d, dim].</summary>
    public TorchSharp.Modules.Parameter Bias { get; }

    /// <summary>The trainable values of a layer over <paramref name="features"/> features.</summary>
    public static long CountParameters(long features, int inputs, int dim) => (features * inputs * dim) + (features * dim);

    /// <summary>The flattened, activated projection of <paramref name="encoded"/>, [N, d, inputs].</summary>
    public Tensor Forward(Tensor encoded)
    {
        using var scope = NewDisposeScope();
        var projected = matmul(encoded.transpose(0, 1), Weight).transpose(0, 1) + Bias; // [N, d, dim]
        return nn.functional.relu(projected).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>Adds the ONNX nodes over <paramref name="encoded"/>, [N, d, inputs]; the output is named <paramref name="name"/>.</summary>
    public string EmitOnnx(OnnxGraphBuilder onnx, string name, string encoded)
    {
        string byFeature = onnx.AddNode("Transpose", [encoded], new Dictionary<string, object> { ["perm"] = new long[] { 1, 0, 2 } }, $"{name}_by_feature");
        string product = onnx.AddNode("MatMul", [byFeature, onnx.AddInitializer($"{name}_weight", GraphLayer.ValuesOf(Weight), features, inputs, dim)], outputNameHint: $"{name}_product");
        string byRow = onnx.AddNode("Transpose", [product], new Dictionary<string, object> { ["perm"] = new long[] { 1, 0, 2 } }, $"{name}_by_row");
        string shifted = onnx.AddNode("Add", [byRow, onnx.AddInitializer($"{name}_bias", GraphLayer.ValuesOf(Bias), features, dim)], outputNameHint: $"{name}_shifted");
        string activated = onnx.AddNode("Relu", [shifted], outputNameHint: $"{name}_relu");
        return onnx.AddNode("Flatten", [activated], new Dictionary<string, object> { ["axis"] = 1L }, name);
    }
}
