using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A contiguous part of a vector: <c>length</c> values from <c>start</c>. A graph whose input holds several parts (a
/// text's token ids, then the file's other features) takes each apart with it. ONNX: Slice.
/// </summary>
internal sealed class SliceOperator : OperatorDefinition
{
    public override string Name => "slice";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        var (start, length) = Range(node);
        if (inputs[0].Dimensions.Count != 1 || start + length > inputs[0].Width)
        {
            throw new ArgumentException($"Node '{node.Id}' (slice) takes values {start}..{start + length - 1} of a vector; got {inputs[0]}.");
        }

        return new TensorShape(length);
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (start, length) = Range(node);
        return new Layer(node.Id, start, length);
    }

    public override string Describe(ArchitectureNode node)
    {
        var (start, length) = Range(node);
        return $"slice({start}..{start + length - 1})";
    }

    private static (int Start, int Length) Range(ArchitectureNode node)
    {
        int start = (int)node.RequiredAttribute("start");
        int length = (int)node.RequiredAttribute("length");
        return start >= 0 && length >= 1 ? (start, length) : throw new ArgumentException($"Node '{node.Id}' (slice) needs start ≥ 0 and length ≥ 1; got {start}, {length}.");
    }

    private sealed class Layer : GraphLayer
    {
        private readonly int start;
        private readonly int length;

        public Layer(string name, int start, int length)
            : base(name) => (this.start, this.length) = (start, length);

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => inputs[0].narrow(1, start, length);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            return onnx.AddNode("Slice", [
                inputs[0],
                onnx.AddInitializer($"{name}_starts", [(long)start], 1),
                onnx.AddInitializer($"{name}_ends", [(long)(start + length)], 1),
                onnx.AddInitializer($"{name}_axes", [1L], 1),
            ], outputNameHint: name);
        }
    }
}
