namespace MlNetNas.Experiment.Candidates;

/// <summary>The size of a trial's featurized training data, which a fit's cost grows with.</summary>
/// <param name="Rows">Training rows.</param>
/// <param name="Features">Slots of the feature vector.</param>
/// <param name="Classes">Classes of a multiclass task; 1 for binary classification and regression.</param>
public readonly record struct DataShape(long Rows, int Features, int Classes)
{
    /// <summary>The mean non-zero slots of a row for a wide sparse feature vector (text n-grams); null for a dense one.</summary>
    public int? NonZeroPerRow { get; init; }
}
