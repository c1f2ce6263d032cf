using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// An element-wise activation: <c>relu</c>, <c>gelu</c> (exact, erf-based), <c>silu</c>, <c>tanh</c> or
/// <c>leaky_relu</c> (attribute <c>slope</c>, default 0.01), <c>relu6</c>, <c>hard_swish</c>, <c>sigmoid</c> or <c>hard_sigmoid</c>.
/// </summary>
internal sealed class ActivationOperator : OperatorDefinition
{
    private readonly ActivationKind kind;

    public ActivationOperator(ActivationKind kind) => this.kind = kind;

    public override string Name => ActivationNames.Of(kind);

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return inputs[0];
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, kind, node.Attribute("slope", 0.01));

    private sealed class Layer : GraphLayer
    {
        private readonly ActivationKind kind;
        private readonly double slope;

        public Layer(string name, ActivationKind kind, double slope)
            : base(name)
        {
            this.kind = kind;
            this.slope = slope;
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => kind switch
        {
            ActivationKind.Relu => nn.functional.relu(inputs[0]),
            ActivationKind.Gelu => nn.functional.gelu(inputs[0]),
            ActivationKind.Silu => nn.functional.silu(inputs[0]),
            ActivationKind.Tanh => inputs[0].tanh(),
            ActivationKind.LeakyRelu => nn.functional.leaky_relu(inputs[0], slope),
            ActivationKind.Relu6 => nn.functional.relu6(inputs[0]),
            ActivationKind.HardSwish => nn.functional.hardswish(inputs[0]),
            ActivationKind.Sigmoid => inputs[0].sigmoid(),
            ActivationKind.HardSigmoid => nn.functional.hardsigmoid(inputs[0]),
            _ => throw new InvalidOperationException($"Unknown activation {kind}."),
        };

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string x = inputs[0];
            string name = GetName();
            switch (kind)
            {
                case ActivationKind.Relu:
                    return onnx.AddNode("Relu", [x], outputNameHint: name);
                case ActivationKind.Tanh:
                    return onnx.AddNode("Tanh", [x], outputNameHint: name);
                case ActivationKind.LeakyRelu:
                    return onnx.AddNode("LeakyRelu", [x], new Dictionary<string, object> { ["alpha"] = (float)slope }, name);
                case ActivationKind.Relu6:
                    return onnx.AddNode("Clip", [x, onnx.AddInitializer("zero", [0f]), onnx.AddInitializer("six", [6f])], outputNameHint: name);
                case ActivationKind.HardSwish:
                    return onnx.AddNode("HardSwish", [x], outputNameHint: name);
                case ActivationKind.Sigmoid:
                    return onnx.AddNode("Sigmoid", [x], outputNameHint: name);
                case ActivationKind.HardSigmoid:
                    return onnx.AddNode("HardSigmoid", [x], new Dictionary<string, object> { ["alpha"] = 1f / 6, ["beta"] = 0.5f }, name);
                case ActivationKind.Silu:
                    return onnx.AddNode("Mul", [x, onnx.AddNode("Sigmoid", [x])], outputNameHint: name);
                case ActivationKind.Gelu:
                    // gelu(x) = 0.5 x (1 + erf(x / sqrt 2)), the exact form TorchSharp uses by default.
                    string scaled = onnx.AddNode("Mul", [x, onnx.AddInitializer("inv_sqrt2", [(float)(1 / Math.Sqrt(2))])]);
                    string onePlus = onnx.AddNode("Add", [onnx.AddNode("Erf", [scaled]), onnx.AddInitializer("one", [1f])]);
                    string half = onnx.AddNode("Mul", [x, onnx.AddInitializer("half", [0.5f])]);
                    return onnx.AddNode("Mul", [half, onePlus], outputNameHint: name);
                default:
                    throw new InvalidOperationException($"Unknown activation {kind}.");
            }
        }
    }
}
