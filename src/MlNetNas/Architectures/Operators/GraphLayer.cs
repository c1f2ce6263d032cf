using MlNetNas.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The TorchSharp side of one graph node. Its <see cref="EmitOnnx"/> writes the same computation, with the
/// layer's current weights, as ONNX nodes: training and export share this one definition.
/// </summary>
internal abstract class GraphLayer : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    protected GraphLayer(string name)
        : base(name)
    {
    }

    /// <summary>Adds this layer's ONNX nodes reading <paramref name="inputs"/>; returns the name of its output value.</summary>
    public abstract string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs);

    /// <summary>A tensor's values as a flat float array on the CPU.</summary>
    protected static float[] Values(Tensor tensor) => ValuesOf(tensor);

    /// <summary>A tensor's values as a flat float array on the CPU (for lowerings outside a layer class).</summary>
    internal static float[] ValuesOf(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
