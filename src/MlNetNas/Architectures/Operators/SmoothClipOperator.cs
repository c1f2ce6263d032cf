using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Smooth clipping of each value, <c>x / √(1 + (x/3)²)</c> (RealMLP's input step, Holzmüller et al. 2024): near zero
/// it is the identity, far out it tends to ±3, so an outlier that scaling left large cannot dominate the first layer.
/// ONNX: Mul, Mul, Add, Sqrt, Div.
/// </summary>
internal sealed class SmoothClipOperator : OperatorDefinition
{
    private const float Bound = 3;

    public override string Name => "smooth_clip";

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

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var x = inputs[0];
            return (x / (x.square() / (Bound * Bound) + 1).sqrt()).MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string square = onnx.AddNode("Mul", [inputs[0], inputs[0]], outputNameHint: $"{name}_square");
            string scaled = onnx.AddNode("Mul", [square, onnx.AddInitializer($"{name}_inverse_bound_squared", [1 / (Bound * Bound)], 1)], outputNameHint: $"{name}_scaled");
            string shifted = onnx.AddNode("Add", [scaled, onnx.AddInitializer($"{name}_one", [1f], 1)], outputNameHint: $"{name}_shifted");
            string root = onnx.AddNode("Sqrt", [shifted], outputNameHint: $"{name}_root");
            return onnx.AddNode("Div", [inputs[0], root], outputNameHint: name);
        }
    }
}
