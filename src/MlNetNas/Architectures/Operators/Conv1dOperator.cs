using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A 1-D convolution along a sequence <c>[L, C]</c> to <c>[L, channels]</c>, padded so the length is kept. Attributes:
/// <c>channels</c>, <c>kernel</c> (odd), <c>dilation</c> (default 1). ONNX: Transpose, Conv, Transpose.
/// </summary>
internal sealed class Conv1dOperator : OperatorDefinition
{
    public override string Name => "conv1d";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        if (inputs[0].Dimensions.Count != 2)
        {
            throw new ArgumentException($"Node '{node.Id}' (conv1d) reads a sequence [L, C]; got {inputs[0]}.");
        }

        var (channels, kernel, dilation) = Settings(node);
        _ = (kernel, dilation);
        return new TensorShape(inputs[0].Dimensions[0], channels);
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (channels, kernel, _) = Settings(node);
        return ((long)inputs[0].Width * channels * kernel) + channels;
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (channels, kernel, dilation) = Settings(node);
        return new Layer(node.Id, inputs[0].Width, channels, kernel, dilation);
    }

    public override string Describe(ArchitectureNode node)
    {
        var (channels, kernel, dilation) = Settings(node);
        return $"conv1d({channels}, k{kernel}{(dilation > 1 ? $", d{dilation}" : string.Empty)})";
    }

    private static (int Channels, int Kernel, int Dilation) Settings(ArchitectureNode node)
    {
        int channels = (int)node.RequiredAttribute("channels");
        int kernel = (int)node.RequiredAttribute("kernel");
        int dilation = (int)node.Attribute("dilation", 1);
        if (channels < 1 || kernel < 1 || kernel % 2 == 0 || dilation < 1)
        {
            throw new ArgumentException($"Node '{node.Id}' (conv1d) needs channels ≥ 1, an odd kernel and dilation ≥ 1; got {channels}, {kernel}, {dilation}.");
        }

        return (channels, kernel, dilation);
    }

    private sealed class Layer : GraphLayer
    {
        private readonly Conv1d conv;
        private readonly int inChannels;
        private readonly int outChannels;
        private readonly int kernel;
        private readonly int dilation;

        public Layer(string name, int inChannels, int outChannels, int kernel, int dilation)
            : base(name)
        {
            (this.inChannels, this.outChannels, this.kernel, this.dilation) = (inChannels, outChannels, kernel, dilation);
            conv = nn.Conv1d(inChannels, outChannels, kernel, padding: Padding, dilation: dilation);
            RegisterComponents();
        }

        private long Padding => (long)dilation * (kernel - 1) / 2;

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var channelsFirst = inputs[0].transpose(1, 2);
            using var convolved = conv.forward(channelsFirst);
            return convolved.transpose(1, 2).contiguous();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            var swap = new Dictionary<string, object> { ["perm"] = new long[] { 0, 2, 1 } };
            string channelsFirst = onnx.AddNode("Transpose", [inputs[0]], swap, $"{name}_in");
            string weight = onnx.AddInitializer($"{name}_weight", Values(conv.weight!), outChannels, inChannels, kernel);
            string bias = onnx.AddInitializer($"{name}_bias", Values(conv.bias!), outChannels);
            string convolved = onnx.AddNode("Conv", [channelsFirst, weight, bias], new Dictionary<string, object>
            {
                ["kernel_shape"] = new long[] { kernel },
                ["dilations"] = new long[] { dilation },
                ["pads"] = new long[] { Padding, Padding },
                ["strides"] = new long[] { 1 },
            }, $"{name}_conv");
            return onnx.AddNode("Transpose", [convolved], swap, name);
        }
    }
}
