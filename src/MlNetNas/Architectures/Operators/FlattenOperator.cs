using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Flattens one example to a vector, in row-major order (an image's planes one after another).</summary>
internal sealed class FlattenOperator : OperatorDefinition
{
    public override string Name => "flatten";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return new TensorShape(inputs[0].ElementCount);
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id);

    private sealed class Layer : GraphLayer
    {
        public Layer(string name)
            : base(name)
        {
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => inputs[0].flatten(1);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            onnx.AddNode("Flatten", [inputs[0]], new Dictionary<string, object> { ["axis"] = 1L }, GetName());
    }
}
