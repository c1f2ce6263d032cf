using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A parametric activation, <c>prelu</c>: <c>max(0, x) + a · min(0, x)</c> with one trainable slope <c>a</c> per unit of a
/// vector (He et al. 2015), initialised to 0.25, so that each unit learns how much of its negative side to pass: the
/// parametric activations RealMLP (Holzmüller et al. 2024) found to help tabular MLPs. ONNX: PRelu.
/// </summary>
internal sealed class PReluOperator : OperatorDefinition
{
    private const float InitialSlope = 0.25f;

    public override string Name => ActivationNames.Of(ActivationKind.PRelu);

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        ExpectOneVector(node, inputs, "has a slope per unit of a vector");

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => inputs[0].Width;

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, inputs[0].Width);

    private sealed class Layer : GraphLayer
    {
        private readonly TorchSharp.Modules.Parameter slope;
        private readonly int units;

        public Layer(string name, int units)
            : base(name)
        {
            this.units = units;
            slope = nn.Parameter(full(units, InitialSlope));
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var x = inputs[0];
            return (x.clamp_min(0) + (x.clamp_max(0) * slope)).MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            return onnx.AddNode("PRelu", [inputs[0], onnx.AddInitializer($"{name}_slope", Values(slope), units)], outputNameHint: name);
        }
    }
}
