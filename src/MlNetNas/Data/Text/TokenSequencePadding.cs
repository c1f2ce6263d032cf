using MlNetNas.Onnx;

namespace MlNetNas.Data.Text;

/// <summary>
/// The one step of tokenization that ML.NET's transforms cannot do: turning a row's variable-length vector of
/// token keys into a fixed-length sequence. It is a tiny ONNX model run by ML.NET's own <c>ApplyOnnxModel</c>, so a
/// saved model still needs nothing of this library: it reads the keys as Single (0 for a token outside the vocabulary,
/// 1..V for the vocabulary) and writes <c>[length]</c> ids where 0 is padding, 1 the unknown token and 2..V+1 the
/// vocabulary (key + 1), keeping the first <c>length</c> tokens of a longer row.
/// </summary>
public static class TokenSequencePadding
{
    /// <summary>The id that fills the positions after the last token.</summary>
    public const int PaddingId = 0;

    /// <summary>The id of a token outside the vocabulary.</summary>
    public const int UnknownId = 1;

    /// <summary>How many ids are not vocabulary entries (padding and unknown).</summary>
    public const int ReservedIds = 2;

    /// <summary>The ONNX model from the key column <paramref name="inputName"/> to the sequence column <paramref name="outputName"/>.</summary>
    public static byte[] CreateModel(string inputName, string outputName, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var onnx = new OnnxGraphBuilder("token_padding");
        string keys = onnx.AddInput(inputName, OnnxElementType.Float, -1, -1);
        string one = onnx.AddInitializer("one", [1f], 1);
        string ids = onnx.AddNode("Add", [keys, one], outputNameHint: "ids");

        // [rows, length] zeros, appended after the ids; then the first `length` positions are the sequence.
        string shape = onnx.AddNode("Shape", [keys], outputNameHint: "shape");
        string rowsIndex = onnx.AddInitializer("rows_index", [0L], 1);
        string rows = onnx.AddNode("Gather", [shape, rowsIndex], new Dictionary<string, object> { ["axis"] = 0L }, "rows");
        string lengthValue = onnx.AddInitializer("length", [(long)length], 1);
        string paddingShape = onnx.AddNode("Concat", [rows, lengthValue], new Dictionary<string, object> { ["axis"] = 0L }, "padding_shape");
        string padding = onnx.AddNode("ConstantOfShape", [paddingShape], outputNameHint: "padding");
        string padded = onnx.AddNode("Concat", [ids, padding], new Dictionary<string, object> { ["axis"] = 1L }, "padded");
        string starts = onnx.AddInitializer("starts", [0L], 1);
        string axes = onnx.AddInitializer("axes", [1L], 1);
        string sequence = onnx.AddNode("Slice", [padded, starts, lengthValue, axes], outputNameHint: "sequence");
        onnx.Rename(sequence, outputName);
        onnx.AddOutput(outputName, OnnxElementType.Float, -1, length);
        return onnx.ToBytes("MlNetNas", $"token keys to {length} padded ids");
    }
}
