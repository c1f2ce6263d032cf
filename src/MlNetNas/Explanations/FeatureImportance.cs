namespace MlNetNas.Explanations;

/// <summary>
/// One input column's permutation importance: how much the metric gets worse, on average over the shuffles, when the
/// column's values are shuffled across rows (positive: the model relies on it), and the spread of that drop.
/// </summary>
public sealed record FeatureImportance(string Column, double Drop, double StandardDeviation);
