using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Layer normalization over the last dimension, with a learned scale and shift (ONNX LayerNormalization, opset 17).</summary>
internal sealed class LayerNormOperator : OperatorDefinition
{
    /// <summary>The epsilon of every layer norm, in both lowerings.</summary>
    internal const double Epsilon = 1e-5;

    public override string Name => "layer_norm";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return inputs[0];
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => 2L * inputs[0].Width;

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, inputs[0].Width);

    /// <summary>The ONNX lowering of a TorchSharp layer norm over the last axis, with its current scale and shift (also used inside the transformer layer).</summary>
    internal static string EmitOnnx(OnnxGraphBuilder onnx, LayerNorm norm, string input, string name)
    {
        long features = norm.weight!.shape[0];
        string scale = onnx.AddInitializer($"{name}_scale", GraphLayer.ValuesOf(norm.weight), features);
        string shift = onnx.AddInitializer($"{name}_shift", GraphLayer.ValuesOf(norm.bias!), features);
        return onnx.AddNode(
            "LayerNormalization",
            [input, scale, shift],
            new Dictionary<string, object> { ["axis"] = -1L, ["epsilon"] = (float)Epsilon },
            name);
    }

    private sealed class Layer : GraphLayer
    {
        private readonly LayerNorm norm;

        public Layer(string name, int features)
            : base(name)
        {
            norm = nn.LayerNorm(features, eps: Epsilon);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => norm.forward(inputs[0]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) => LayerNormOperator.EmitOnnx(onnx, norm, inputs[0], GetName());
    }
}
