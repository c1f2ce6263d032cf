using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Average or max pooling over a [C, H, W] value. Attributes: <c>kernel</c> (square, default 3), <c>stride</c>
/// (default 1), <c>padding</c> (default kernel / 2). Average pooling leaves the padding out of the mean
/// (PyTorch's <c>count_include_pad=False</c>, as NAS-Bench-201's <c>avg_pool_3x3</c>).
/// </summary>
internal sealed class PoolOperator : OperatorDefinition
{
    private readonly bool max;

    public PoolOperator(bool max) => this.max = max;

    public override string Name => max ? "max_pool" : "avg_pool";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        var (kernel, stride, padding) = Settings(node, inputs[0]);
        int Size(int n) => ((n + (2 * padding) - kernel) / stride) + 1;
        return new TensorShape(inputs[0].Dimensions[0], Size(inputs[0].Dimensions[1]), Size(inputs[0].Dimensions[2]));
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (kernel, stride, padding) = Settings(node, inputs[0]);
        return new Layer(node.Id, max, kernel, stride, padding);
    }

    public override string Describe(ArchitectureNode node) =>
        $"{(max ? "max" : "avg")}_pool{(int)node.Attribute("kernel", 3)}x{(int)node.Attribute("kernel", 3)}" + (node.Attribute("stride", 1) > 1 ? $"(/{(int)node.Attribute("stride", 1)})" : string.Empty);

    private static (int Kernel, int Stride, int Padding) Settings(ArchitectureNode node, TensorShape input)
    {
        if (input.Dimensions.Count != 3)
        {
            throw new ArgumentException($"Node '{node.Id}' ({node.Operator}) needs a [C, H, W] input; got {input}.");
        }

        int kernel = (int)node.Attribute("kernel", 3);
        int stride = (int)node.Attribute("stride", 1);
        int padding = (int)node.Attribute("padding", kernel / 2);
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2 || input.Dimensions[1] + (2 * padding) < kernel || input.Dimensions[2] + (2 * padding) < kernel)
        {
            throw new ArgumentException($"Node '{node.Id}' ({node.Operator}): kernel {kernel}, stride {stride} and padding {padding} (at most kernel / 2) do not fit a {input} input.");
        }

        return (kernel, stride, padding);
    }

    private sealed class Layer : GraphLayer
    {
        private readonly bool max;
        private readonly int kernel;
        private readonly int stride;
        private readonly int padding;

        public Layer(string name, bool max, int kernel, int stride, int padding)
            : base(name)
        {
            (this.max, this.kernel, this.stride, this.padding) = (max, kernel, stride, padding);
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => max
            ? nn.functional.max_pool2d(inputs[0], kernel, stride, padding)
            : nn.functional.avg_pool2d(inputs[0], kernel, stride, padding, ceil_mode: false, count_include_pad: false);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            var attributes = new Dictionary<string, object>
            {
                ["kernel_shape"] = new long[] { kernel, kernel },
                ["strides"] = new long[] { stride, stride },
                ["pads"] = new long[] { padding, padding, padding, padding },
            };
            if (!max)
            {
                attributes["count_include_pad"] = 0L;
            }

            return onnx.AddNode(max ? "MaxPool" : "AveragePool", [inputs[0]], attributes, GetName());
        }
    }
}
