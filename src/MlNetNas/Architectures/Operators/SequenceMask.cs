using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Which positions of a padded token sequence hold a token (id ≠ 0), in both lowerings: the sequence operators that
/// must not see padding (pooling, attention) read the graph's token ids through this.
/// </summary>
internal static class SequenceMask
{
    /// <summary>A very negative score that makes a padded position lose every maximum and every softmax.</summary>
    public const float Excluded = -1e9f;

    /// <summary>1 where <paramref name="ids"/> <c>[N, L]</c> holds a token, 0 at padding, as floats <c>[N, L]</c>.</summary>
    public static Tensor Torch(Tensor ids) => ids.ne(0).to_type(ScalarType.Float32);

    /// <summary>The same mask in ONNX: Equal, Not, Cast.</summary>
    public static string Onnx(OnnxGraphBuilder onnx, string ids, string name)
    {
        string zero = onnx.AddInitializer($"{name}_zero", [0f], 1);
        string padding = onnx.AddNode("Equal", [ids, zero], outputNameHint: $"{name}_padding");
        string tokens = onnx.AddNode("Not", [padding], outputNameHint: $"{name}_tokens");
        return onnx.AddNode("Cast", [tokens], new Dictionary<string, object> { ["to"] = (long)OnnxElementType.Float }, $"{name}_mask");
    }
}
