using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Element-wise sum of two values of the same shape (residual connections).</summary>
internal sealed class AddOperator : OperatorDefinition
{
    public override string Name => "add";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 2);
        return inputs[0].Equals(inputs[1])
            ? inputs[0]
            : throw new ArgumentException($"Node '{node.Id}' (add) needs inputs of one shape; got {inputs[0]} and {inputs[1]}.");
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id);

    private sealed class Layer : GraphLayer
    {
        public Layer(string name)
            : base(name)
        {
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => inputs[0] + inputs[1];

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            onnx.AddNode("Add", [inputs[0], inputs[1]], outputNameHint: GetName());
    }
}
