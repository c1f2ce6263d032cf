using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Element-wise sum of two or more values of the same shape (residual connections, the nodes of a cell).</summary>
internal sealed class AddOperator : OperatorDefinition
{
    public override string Name => "add";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        if (inputs.Count < 2)
        {
            throw new ArgumentException($"Node '{node.Id}' (add) takes at least 2 inputs but was given {inputs.Count}.");
        }

        return inputs.All(i => i.Equals(inputs[0]))
            ? inputs[0]
            : throw new ArgumentException($"Node '{node.Id}' (add) needs inputs of one shape; got {string.Join(" and ", inputs)}.");
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id);

    private sealed class Layer : GraphLayer
    {
        public Layer(string name)
            : base(name)
        {
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            var sum = inputs[0] + inputs[1];
            for (int i = 2; i < inputs.Count; i++)
            {
                sum = sum + inputs[i];
            }

            return sum;
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            onnx.AddNode(inputs.Count == 2 ? "Add" : "Sum", inputs.ToArray(), outputNameHint: GetName());
    }
}
