using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A sequence <c>[L, D]</c> to one vector over the positions that hold a token, read from the graph's token ids (second
/// input): <c>mode</c> 0 = mean <c>[D]</c>, 1 = max <c>[D]</c>, 2 = mean and max concatenated <c>[2D]</c>. A row without
/// tokens pools to zeros.
/// </summary>
internal sealed class SequencePoolOperator : OperatorDefinition
{
    public override string Name => "sequence_pool";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 2);
        if (inputs[0].Dimensions.Count != 2 || inputs[1].Dimensions.Count != 1 || inputs[1].Width != inputs[0].Dimensions[0])
        {
            throw new ArgumentException($"Node '{node.Id}' (sequence_pool) reads a sequence [L, D] and its token ids [L]; got {inputs[0]} and {inputs[1]}.");
        }

        return new TensorShape(Mode(node) == PoolMode.MeanMax ? 2 * inputs[0].Width : inputs[0].Width);
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, Mode(node));

    public override string Describe(ArchitectureNode node) => Mode(node) switch
    {
        PoolMode.Mean => "mean_pool",
        PoolMode.Max => "max_pool",
        _ => "mean_max_pool",
    };

    private static PoolMode Mode(ArchitectureNode node) => (int)node.Attribute("mode", 0) switch
    {
        0 => PoolMode.Mean,
        1 => PoolMode.Max,
        2 => PoolMode.MeanMax,
        var m => throw new ArgumentException($"Node '{node.Id}' (sequence_pool) has mode 0 (mean), 1 (max) or 2 (mean and max); got {m}."),
    };

    private enum PoolMode
    {
        Mean,
        Max,
        MeanMax,
    }

    private sealed class Layer : GraphLayer
    {
        private readonly PoolMode mode;

        public Layer(string name, PoolMode mode)
            : base(name) => this.mode = mode;

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var x = inputs[0];
            var mask = SequenceMask.Torch(inputs[1]).unsqueeze(2);
            var count = mask.sum(1);
            Tensor? mean = mode == PoolMode.Max ? null : (x * mask).sum(1) / count.clamp_min(1);
            Tensor? max = null;
            if (mode != PoolMode.Mean)
            {
                // Padding scores far below any value; a row with no token at all gets zeros.
                var masked = (x * mask) + ((mask - 1) * -SequenceMask.Excluded);
                max = masked.amax([1L]) * count.clamp_max(1);
            }

            var result = mode switch
            {
                PoolMode.Mean => mean!,
                PoolMode.Max => max!,
                _ => cat([mean!, max!], 1),
            };
            return result.MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string axes = onnx.AddInitializer($"{name}_axes", [1L], 1);
            string two = onnx.AddInitializer($"{name}_axis2", [2L], 1);
            string mask = onnx.AddNode("Unsqueeze", [SequenceMask.Onnx(onnx, inputs[1], name), two], outputNameHint: $"{name}_mask3");
            string one = onnx.AddInitializer($"{name}_one", [1f], 1);
            string count = onnx.AddNode("ReduceSum", [mask, axes], new Dictionary<string, object> { ["keepdims"] = 0L }, $"{name}_count");
            string masked = onnx.AddNode("Mul", [inputs[0], mask], outputNameHint: $"{name}_masked");
            string? mean = null;
            string? max = null;
            if (mode != PoolMode.Max)
            {
                string sum = onnx.AddNode("ReduceSum", [masked, axes], new Dictionary<string, object> { ["keepdims"] = 0L }, $"{name}_sum");
                mean = onnx.AddNode("Div", [sum, onnx.AddNode("Max", [count, one])], outputNameHint: $"{name}_mean");
            }

            if (mode != PoolMode.Mean)
            {
                string penalty = onnx.AddNode("Mul", [onnx.AddNode("Sub", [mask, one]), onnx.AddInitializer($"{name}_excluded", [-SequenceMask.Excluded], 1)]);
                string scores = onnx.AddNode("Add", [masked, penalty], outputNameHint: $"{name}_scores");
                string highest = onnx.AddNode("ReduceMax", [scores], new Dictionary<string, object> { ["axes"] = new long[] { 1 }, ["keepdims"] = 0L }, $"{name}_highest");
                max = onnx.AddNode("Mul", [highest, onnx.AddNode("Min", [count, one])], outputNameHint: $"{name}_max");
            }

            return mode switch
            {
                PoolMode.Mean => mean!,
                PoolMode.Max => max!,
                _ => onnx.AddNode("Concat", [mean!, max!], new Dictionary<string, object> { ["axis"] = 1L }, name),
            };
        }
    }
}
