using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Batch normalization over the features of a vector or the channels of a [C, H, W] value (batch statistics in
/// training, running statistics at inference, where it is one per-channel scale and shift in ONNX).
/// </summary>
internal sealed class BatchNormOperator : OperatorDefinition
{
    private const double Epsilon = 1e-5;

    public override string Name => "batch_norm";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        return inputs[0].Dimensions.Count is 1 or 3 ? inputs[0] : throw new ArgumentException($"Node '{node.Id}' (batch_norm) needs a vector or [C, H, W] input; got {inputs[0]}.");
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => 2L * inputs[0].Dimensions[0];

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, inputs[0].Dimensions[0], planes: inputs[0].Dimensions.Count == 3);

    private sealed class Layer : GraphLayer
    {
        private readonly BatchNorm norm;
        private readonly int features;
        private readonly bool planes;

        public Layer(string name, int features, bool planes)
            : base(name)
        {
            this.features = features;
            this.planes = planes;
            norm = planes ? nn.BatchNorm2d(features, eps: Epsilon) : nn.BatchNorm1d(features, eps: Epsilon);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => norm.forward(inputs[0]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            // Inference-mode batch norm is an affine map; fold it into one scale and one shift.
            float[] mean = Values(norm.running_mean!);
            float[] variance = Values(norm.running_var!);
            float[] gamma = Values(norm.weight!);
            float[] beta = Values(norm.bias!);
            var scale = new float[features];
            var shift = new float[features];
            for (int i = 0; i < features; i++)
            {
                scale[i] = (float)(gamma[i] / Math.Sqrt(variance[i] + Epsilon));
                shift[i] = beta[i] - (mean[i] * scale[i]);
            }

            string name = GetName();
            long[] dims = planes ? [features, 1, 1] : [features]; // [C, 1, 1] broadcasts over [N, C, H, W]
            string scaled = onnx.AddNode("Mul", [inputs[0], onnx.AddInitializer($"{name}_scale", scale, dims)]);
            return onnx.AddNode("Add", [scaled, onnx.AddInitializer($"{name}_shift", shift, dims)], outputNameHint: name);
        }
    }
}
