using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Layer normalization over the last dimension, with a learned scale and shift (ONNX LayerNormalization, opset 17).</summary>
internal sealed class LayerNormOperator : OperatorDefinition
{
    private const double Epsilon = 1e-5;

    public override string Name => "layer_norm";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return inputs[0];
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => 2L * inputs[0].Width;

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, inputs[0].Width);

    private sealed class Layer : GraphLayer
    {
        private readonly LayerNorm norm;
        private readonly int features;

        public Layer(string name, int features)
            : base(name)
        {
            this.features = features;
            norm = nn.LayerNorm(features, eps: Epsilon);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => norm.forward(inputs[0]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string scale = onnx.AddInitializer($"{name}_scale", Values(norm.weight!), features);
            string shift = onnx.AddInitializer($"{name}_shift", Values(norm.bias!), features);
            return onnx.AddNode(
                "LayerNormalization",
                [inputs[0], scale, shift],
                new Dictionary<string, object> { ["axis"] = -1L, ["epsilon"] = (float)Epsilon },
                name);
        }
    }
}
