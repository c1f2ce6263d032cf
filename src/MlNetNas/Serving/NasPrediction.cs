namespace MlNetNas.Serving;

/// <summary>
/// One row's prediction, as ML.NET's model.zip gives it: the predicted label in the training file's values
/// (classification), <see cref="Score"/> (regression: the value; binary: the logit; multiclass: the predicted class's
/// probability), the positive class's <see cref="Probability"/> (binary) and every class's probability (multiclass,
/// in <see cref="NasModel.ClassNames"/> order).
/// </summary>
public sealed record NasPrediction(string? PredictedLabel, float Score, float? Probability, float[]? ClassProbabilities);
