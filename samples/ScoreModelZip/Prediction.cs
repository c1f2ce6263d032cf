namespace ScoreModelZip;

/// <summary>One scored row.</summary>
/// <param name="PredictedLabel">The <c>PredictedLabel</c> column as text (class name, "true"/"false"); null when the model has none (regression).</param>
/// <param name="Score">The <c>Score</c> column: one value per class for multiclass, a single value for binary and regression.</param>
/// <param name="Label">The named label column as text, when one was asked for.</param>
public sealed record Prediction(string? PredictedLabel, float[] Score, string? Label);
