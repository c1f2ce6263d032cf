using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Zeros of the input's shape: NAS-Bench-201's <c>none</c> operation, for a cell node that no edge feeds
/// (edges that are <c>none</c> are left out of the sum instead).
/// </summary>
internal sealed class ZeroOperator : OperatorDefinition
{
    public override string Name => "zero";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return inputs[0];
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id);

    private sealed class Layer : GraphLayer
    {
        public Layer(string name)
            : base(name)
        {
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => zeros_like(inputs[0]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            onnx.AddNode("Mul", [inputs[0], onnx.AddInitializer("zero", [0f])], outputNameHint: GetName());
    }
}
