using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A 2-D convolution over a [C, H, W] value. Attributes: <c>channels</c> (output planes), <c>kernel</c>
/// (square, default 3), <c>stride</c> (default 1), <c>padding</c> (default kernel / 2, "same" for odd kernels and
/// stride 1), <c>groups</c> (default 1; groups = channels = input channels is a depthwise convolution),
/// <c>bias</c> (default 0: convolutions here are followed by batch normalization).
/// </summary>
internal sealed class Conv2dOperator : OperatorDefinition
{
    public override string Name => "conv2d";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        var settings = Settings.Of(node, inputs[0]);
        return new TensorShape(settings.OutChannels, settings.OutputSize(inputs[0].Dimensions[1]), settings.OutputSize(inputs[0].Dimensions[2]));
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var s = Settings.Of(node, inputs[0]);
        return ((long)s.OutChannels * (s.InChannels / s.Groups) * s.Kernel * s.Kernel) + (s.Bias ? s.OutChannels : 0);
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, Settings.Of(node, inputs[0]));

    public override string Describe(ArchitectureNode node) =>
        $"conv{(int)node.Attribute("kernel", 3)}x{(int)node.Attribute("kernel", 3)}({(int)node.RequiredAttribute("channels")}"
        + (node.Attribute("stride", 1) > 1 ? $", /{(int)node.Attribute("stride", 1)}" : string.Empty)
        + (node.Attribute("groups", 1) > 1 ? $", g{(int)node.Attribute("groups", 1)}" : string.Empty) + ")";

    /// <summary>The validated settings of one convolution node.</summary>
    internal sealed record Settings(int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int Groups, bool Bias)
    {
        public static Settings Of(ArchitectureNode node, TensorShape input)
        {
            if (input.Dimensions.Count != 3)
            {
                throw new ArgumentException($"Node '{node.Id}' ({node.Operator}) needs a [C, H, W] input; got {input}.");
            }

            int kernel = (int)node.Attribute("kernel", 3);
            var s = new Settings(
                input.Dimensions[0],
                (int)node.RequiredAttribute("channels"),
                kernel,
                (int)node.Attribute("stride", 1),
                (int)node.Attribute("padding", kernel / 2),
                (int)node.Attribute("groups", 1),
                node.Attribute("bias", 0) != 0);
            if (s.OutChannels < 1 || s.Kernel < 1 || s.Stride < 1 || s.Padding < 0 || s.Groups < 1
                || s.InChannels % s.Groups != 0 || s.OutChannels % s.Groups != 0)
            {
                throw new ArgumentException($"Node '{node.Id}' ({node.Operator}): channels {s.OutChannels}, kernel {s.Kernel}, stride {s.Stride}, padding {s.Padding} and groups {s.Groups} do not fit an input of {s.InChannels} channels (groups must divide both channel counts).");
            }

            if (s.OutputSize(input.Dimensions[1]) < 1 || s.OutputSize(input.Dimensions[2]) < 1)
            {
                throw new ArgumentException($"Node '{node.Id}' ({node.Operator}): a {s.Kernel}x{s.Kernel} kernel with stride {s.Stride} leaves nothing of a {input} input.");
            }

            return s;
        }

        public int OutputSize(int size) => ((size + (2 * Padding) - Kernel) / Stride) + 1;
    }

    /// <summary>A TorchSharp convolution with its ONNX lowering, also used inside composite operators.</summary>
    internal sealed class ConvLayer : IDisposable
    {
        private readonly Settings settings;

        public ConvLayer(Settings settings)
        {
            this.settings = settings;
            Module = nn.Conv2d(settings.InChannels, settings.OutChannels, settings.Kernel, stride: settings.Stride, padding: settings.Padding, groups: settings.Groups, bias: settings.Bias);
        }

        public Conv2d Module { get; }

        public Tensor Forward(Tensor x) => Module.forward(x);

        public string EmitOnnx(OnnxGraphBuilder onnx, string input, string name)
        {
            var s = settings;
            var conv = new List<string>
            {
                input,
                onnx.AddInitializer($"{name}_weight", GraphLayer.ValuesOf(Module.weight!), s.OutChannels, s.InChannels / s.Groups, s.Kernel, s.Kernel),
            };
            if (Module.bias is { } bias)
            {
                conv.Add(onnx.AddInitializer($"{name}_bias", GraphLayer.ValuesOf(bias), s.OutChannels));
            }

            return onnx.AddNode("Conv", conv, new Dictionary<string, object>
            {
                ["kernel_shape"] = new long[] { s.Kernel, s.Kernel },
                ["strides"] = new long[] { s.Stride, s.Stride },
                ["pads"] = new long[] { s.Padding, s.Padding, s.Padding, s.Padding },
                ["group"] = (long)s.Groups,
            }, name);
        }

        public void Dispose() => Module.Dispose();
    }

    private sealed class Layer : GraphLayer
    {
        private readonly ConvLayer conv;
        private readonly Conv2d module;

        public Layer(string name, Settings settings)
            : base(name)
        {
            conv = new ConvLayer(settings);
            module = conv.Module;
            register_module("conv", module);
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs) => conv.Forward(inputs[0]);

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) => conv.EmitOnnx(onnx, inputs[0], GetName());
    }
}
