using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>Dropout with probability <c>p</c> while training; the identity at inference and in ONNX.</summary>
internal sealed class DropoutOperator : OperatorDefinition
{
    public override string Name => "dropout";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        double p = node.Attribute("p", 0.1);
        return p is >= 0 and < 1 ? inputs[0] : throw new ArgumentException($"Node '{node.Id}' (dropout) needs 0 ≤ p < 1; got {p}.");
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, node.Attribute("p", 0.1));

    public override string Describe(ArchitectureNode node) => $"dropout({node.Attribute("p", 0.1):0.##})";

    /// <summary>
    /// Dropout of <paramref name="input"/> while <paramref name="training"/>, its mask drawn from <paramref name="generator"/>
    /// (a trial's own, not TorchSharp's global one, so that trials training at once draw the same masks as one by one); with
    /// no generator, TorchSharp's dropout. Layers that drop out inside themselves (the transformer layer) use it too.
    /// </summary>
    internal static Tensor Apply(Tensor input, double p, bool training, Generator? generator)
    {
        if (!training || p == 0 || generator is null)
        {
            return nn.functional.dropout(input, p, training);
        }

        using var noise = rand(input.shape, dtype: input.dtype, device: input.device, generator: generator);
        using var keep = noise.ge(p).to_type(input.dtype);
        return input * keep / (1 - p);
    }

    private sealed class Layer : GraphLayer, IDrawsRandomness
    {
        private readonly double p;

        public Layer(string name, double p)
            : base(name) => this.p = p;

        public Generator? Generator { get; set; }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => Apply(inputs[0], p, training, Generator);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) => inputs[0];
    }
}
