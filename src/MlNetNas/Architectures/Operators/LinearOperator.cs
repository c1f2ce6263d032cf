using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>A fully connected layer over the last dimension. Attributes: <c>units</c>; <c>bias</c> (1 = yes, the default; 0 = no).</summary>
internal sealed class LinearOperator : OperatorDefinition
{
    public override string Name => "linear";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectOneVector(node, inputs, "needs a vector input (flatten it first)");
        int units = Units(node);
        return new TensorShape(units);
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        ((long)inputs[0].Width * Units(node)) + (HasBias(node) ? Units(node) : 0);

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, inputs[0].Width, Units(node), HasBias(node));

    public override string Describe(ArchitectureNode node) => $"linear({Units(node)})";

    private static int Units(ArchitectureNode node)
    {
        int units = (int)node.RequiredAttribute("units");
        return units > 0 ? units : throw new ArgumentException($"Node '{node.Id}' (linear) needs units > 0; got {units}.");
    }

    private static bool HasBias(ArchitectureNode node) => node.Attribute("bias", 1) != 0;

    private sealed class Layer : GraphLayer
    {
        private readonly Linear linear;
        private readonly int inFeatures;
        private readonly int outFeatures;

        public Layer(string name, int inFeatures, int outFeatures, bool bias)
            : base(name)
        {
            this.inFeatures = inFeatures;
            this.outFeatures = outFeatures;
            linear = nn.Linear(inFeatures, outFeatures, hasBias: bias);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => linear.forward(inputs[0]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            // Gemm with transB = 1 takes the weight in TorchSharp's [out, in] layout unchanged.
            string weight = onnx.AddInitializer($"{ModuleName}_weight", Values(linear.weight!), outFeatures, inFeatures);
            var gemmInputs = new List<string> { inputs[0], weight };
            if (linear.bias is { } bias)
            {
                gemmInputs.Add(onnx.AddInitializer($"{ModuleName}_bias", Values(bias), outFeatures));
            }

            return onnx.AddNode("Gemm", gemmInputs, new Dictionary<string, object> { ["transB"] = 1L }, ModuleName);
        }

        private string ModuleName => GetName();
    }
}
