namespace MlNetNas.Onnx;

/// <summary>Element types of ONNX tensors written by MlNetNas; values are ONNX <c>TensorProto.DataType</c> codes.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>UTF-8 string.</summary>
    String = 8,

    /// <summary>Boolean.</summary>
    Bool = 9,
}
