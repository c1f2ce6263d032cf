using Google.Protobuf;
using MlNetNas.Onnx.Proto;

namespace MlNetNas.Onnx;

/// <summary>Adds an entry to an ONNX model's <c>metadata_props</c> (read back by ONNX Runtime's <c>ModelMetadata.CustomMetadataMap</c>).</summary>
internal static class OnnxMetadata
{
    /// <summary>The model with <paramref name="key"/> set to <paramref name="value"/> (replacing an entry of that key).</summary>
    public static byte[] With(byte[] model, string key, string value)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        foreach (var old in proto.MetadataProps.Where(p => p.Key == key).ToArray())
        {
            proto.MetadataProps.Remove(old);
        }

        proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto.ToByteArray();
    }
}
