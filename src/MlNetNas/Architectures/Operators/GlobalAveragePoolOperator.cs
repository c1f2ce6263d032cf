using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>The mean of every plane of a [C, H, W] value: a [C] vector for the classifier head.</summary>
internal sealed class GlobalAveragePoolOperator : OperatorDefinition
{
    public override string Name => "global_avg_pool";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return inputs[0].Dimensions.Count == 3
            ? new TensorShape(inputs[0].Dimensions[0])
            : throw new ArgumentException($"Node '{node.Id}' (global_avg_pool) needs a [C, H, W] input; got {inputs[0]}.");
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id);

    private sealed class Layer : GraphLayer
    {
        public Layer(string name)
            : base(name)
        {
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => inputs[0].mean([2L, 3L]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            onnx.AddNode("Flatten", [onnx.AddNode("GlobalAveragePool", [inputs[0]])], new Dictionary<string, object> { ["axis"] = 1L }, GetName());
    }
}
