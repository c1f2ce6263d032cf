namespace MlNetNas.Training;

/// <summary>What the network's outputs mean and which loss trains them.</summary>
public enum TrainingObjective
{
    /// <summary>One logit per class; softmax cross-entropy. Targets are class indices 0..k-1.</summary>
    MulticlassClassification,

    /// <summary>One logit; sigmoid cross-entropy. Targets are 0 or 1.</summary>
    BinaryClassification,

    /// <summary>One value; mean squared error on standardized targets.</summary>
    Regression,
}
