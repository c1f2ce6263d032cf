namespace MlNetNas.Training;

/// <summary>A callback from a function that sees each epoch's report and returns false to stop (a pruner, a user's rule).</summary>
public sealed class EpochCallback(Func<EpochReport, bool> onEpoch) : ITrainingCallback
{
    /// <inheritdoc />
    public bool ContinueAfterEpoch(EpochReport report) => onEpoch(report);
}
