using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Vectors joined end to end, in input order (e.g. a pooled text encoding and the file's other features). ONNX: Concat.</summary>
internal sealed class ConcatOperator : OperatorDefinition
{
    public override string Name => "concat";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        if (inputs.Count < 2 || inputs.Any(i => i.Dimensions.Count != 1))
        {
            throw new ArgumentException($"Node '{node.Id}' (concat) joins two or more vectors; got {string.Join(", ", inputs)}.");
        }

        return new TensorShape(inputs.Sum(i => i.Width));
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id);

    private sealed class Layer : GraphLayer
    {
        public Layer(string name)
            : base(name)
        {
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => cat(inputs.ToArray(), 1);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            onnx.AddNode("Concat", inputs, new Dictionary<string, object> { ["axis"] = 1L }, GetName());
    }
}
