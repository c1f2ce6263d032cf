namespace MlNetNas.Onnx;

/// <summary>An exported network: the ONNX model's bytes and the names of its input and output.</summary>
public sealed record NetworkOnnxExport(byte[] Bytes, string InputName, string OutputName, int InputWidth, int OutputWidth);
