using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A scaling layer, <c>input_scale</c>: each slot of a vector multiplied by its own trainable weight, initialised to 1
/// (RealMLP's first layer, Holzmüller et al. 2024): the network can turn an unhelpful feature down, or a helpful one up,
/// with one weight instead of through a whole row of the first linear layer. ONNX: Mul.
/// </summary>
internal sealed class InputScaleOperator : OperatorDefinition
{
    public override string Name => "input_scale";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        ExpectOneVector(node, inputs, "scales the slots of a vector");

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => inputs[0].Width;

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, inputs[0].Width);

    private sealed class Layer : GraphLayer
    {
        private readonly TorchSharp.Modules.Parameter scale;
        private readonly int width;

        public Layer(string name, int width)
            : base(name)
        {
            this.width = width;
            scale = nn.Parameter(ones(width));
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => inputs[0] * scale;

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            return onnx.AddNode("Mul", [inputs[0], onnx.AddInitializer($"{name}_scale", Values(scale), width)], outputNameHint: name);
        }
    }
}
