using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Squeeze-and-excitation over a [C, H, W] value (Hu et al. 2018, as in MobileNetV3): the planes' means go through
/// a 1×1 convolution to <c>hidden</c> channels (default max(8, C / 4)), ReLU, a 1×1 convolution back to C and a
/// hard sigmoid; the result scales each plane of the input.
/// </summary>
internal sealed class SqueezeExciteOperator : OperatorDefinition
{
    public override string Name => "squeeze_excite";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        _ = Convs(node, inputs[0]);
        return inputs[0];
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (reduce, expand) = Convs(node, inputs[0]);
        return (2L * reduce.InChannels * reduce.OutChannels) + reduce.OutChannels + expand.OutChannels;
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (reduce, expand) = Convs(node, inputs[0]);
        return new Layer(node.Id, reduce, expand);
    }

    public override string Describe(ArchitectureNode node) => "se";

    private static (Conv2dOperator.Settings Reduce, Conv2dOperator.Settings Expand) Convs(ArchitectureNode node, TensorShape input)
    {
        if (input.Dimensions.Count != 3)
        {
            throw new ArgumentException($"Node '{node.Id}' (squeeze_excite) needs a [C, H, W] input; got {input}.");
        }

        int channels = input.Dimensions[0];
        int hidden = (int)node.Attribute("hidden", Math.Max(8, channels / 4));
        if (hidden < 1)
        {
            throw new ArgumentException($"Node '{node.Id}' (squeeze_excite) needs hidden ≥ 1; got {hidden}.");
        }

        return (new Conv2dOperator.Settings(channels, hidden, 1, 1, 0, 1, true), new Conv2dOperator.Settings(hidden, channels, 1, 1, 0, 1, true));
    }

    private sealed class Layer : GraphLayer
    {
        private readonly Conv2dOperator.ConvLayer reduce;
        private readonly Conv2dOperator.ConvLayer expand;

        public Layer(string name, Conv2dOperator.Settings reduceSettings, Conv2dOperator.Settings expandSettings)
            : base(name)
        {
            reduce = new Conv2dOperator.ConvLayer(reduceSettings);
            expand = new Conv2dOperator.ConvLayer(expandSettings);
            register_module("reduce", reduce.Module);
            register_module("expand", expand.Module);
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            var squeezed = inputs[0].mean([2L, 3L], keepdim: true);
            var weights = nn.functional.hardsigmoid(expand.Forward(nn.functional.relu(reduce.Forward(squeezed))));
            return inputs[0] * weights;
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string squeezed = onnx.AddNode("GlobalAveragePool", [inputs[0]]);
            string hidden = onnx.AddNode("Relu", [reduce.EmitOnnx(onnx, squeezed, $"{name}_reduce")]);
            string weights = onnx.AddNode("HardSigmoid", [expand.EmitOnnx(onnx, hidden, $"{name}_expand")], new Dictionary<string, object> { ["alpha"] = 1f / 6, ["beta"] = 0.5f });
            return onnx.AddNode("Mul", [inputs[0], weights], outputNameHint: name);
        }
    }
}
