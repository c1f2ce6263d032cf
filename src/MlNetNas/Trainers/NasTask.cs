namespace MlNetNas.Trainers;

/// <summary>The prediction task of a NAS trainer, fixing its output columns (ML.NET's conventions).</summary>
public enum NasTaskKind
{
    /// <summary>Boolean label; outputs scalar <c>Score</c> (logit), <c>Probability</c> and Boolean <c>PredictedLabel</c>.</summary>
    BinaryClassification,

    /// <summary>Key label; outputs the <c>Score</c> vector (class probabilities) and key <c>PredictedLabel</c>.</summary>
    MulticlassClassification,

    /// <summary>Single label; outputs scalar <c>Score</c>.</summary>
    Regression,
}
