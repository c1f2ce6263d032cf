namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// How one slot of the featurizer's "Features" vector follows from the raw columns: a numeric column scaled as
/// <c>Slope × x + Offset</c> (and <see cref="Missing"/> when x is missing or not finite), that column's missing-value
/// indicator, one category of a categorical column (1 when the cell equals it), or a constant.
/// </summary>
internal sealed record FeatureSlot(FeatureSlotKind Kind, int Column, float Slope, float Offset, float Missing, string? Category)
{
    public static FeatureSlot Constant(float value) => new(FeatureSlotKind.Constant, -1, 0, value, value, null);
}

/// <summary>What a <see cref="FeatureSlot"/> reads.</summary>
internal enum FeatureSlotKind
{
    Numeric,
    MissingIndicator,
    Category,
    Constant,
}
