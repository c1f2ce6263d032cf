using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Robust scaling of each slot of a vector, <c>robust_scale</c>: <c>(x − median) / (q75 − q25)</c> over the training
/// rows (RealMLP's preprocessing, Holzmüller et al. 2024, before its smooth clipping); where the interquartile range
/// is zero (a one-hot or mostly constant slot) it divides by half the range instead, and a constant slot is only
/// centred. Unlike ML.NET's robust normalizer it never divides by zero, and as it is affine-invariant, it gives the
/// same values whatever affine normalizer came before it. The constants come from the training rows
/// (<see cref="IFitsToData"/>); unfitted, it is the identity. ONNX: Sub, Mul.
/// </summary>
internal sealed class RobustScaleOperator : OperatorDefinition
{
    public override string Name => "robust_scale";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        ExpectOneVector(node, inputs, "scales the slots of a vector");

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, inputs[0].Width);

    private sealed class Layer : GraphLayer, IFitsToData
    {
        private readonly Tensor center;
        private readonly Tensor inverseScale;
        private readonly int width;

        public Layer(string name, int width)
            : base(name)
        {
            this.width = width;
            center = zeros(width);
            inverseScale = ones(width);
            RegisterComponents(); // under the fields' names, which moving the module to a device keeps
        }

        public void Fit(Tensor input)
        {
            var columns = ColumnQuantiles.OfEach(input);
            var centers = new float[width];
            var inverses = new float[width];
            for (int j = 0; j < width; j++)
            {
                var column = columns[j];
                centers[j] = (float)column.At(0.5);
                double spread = column.At(0.75) - column.At(0.25);
                if (spread <= 1e-12)
                {
                    spread = (column.At(1) - column.At(0)) / 2;
                }

                inverses[j] = spread > 1e-12 ? (float)(1 / spread) : 1f;
            }

            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            center.copy_(tensor(centers, [width]));
            inverseScale.copy_(tensor(inverses, [width]));
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            return ((inputs[0] - center) * inverseScale).MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string centred = onnx.AddNode("Sub", [inputs[0], onnx.AddInitializer($"{name}_center", Values(center), width)], outputNameHint: $"{name}_centred");
            return onnx.AddNode("Mul", [centred, onnx.AddInitializer($"{name}_inverse_scale", Values(inverseScale), width)], outputNameHint: name);
        }
    }
}
