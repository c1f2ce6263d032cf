namespace MlNetNas.Training;

/// <summary>
/// Stops a run as soon as <paramref name="isOutOfTime"/> says so, checked after every optimization step and
/// every epoch: a time budget is then overrun by at most one step and one validation pass, not one epoch.
/// </summary>
public sealed class DeadlineCallback(Func<bool> isOutOfTime) : ITrainingCallback
{
    /// <inheritdoc />
    public bool ContinueAfterStep(int step) => !isOutOfTime();

    /// <inheritdoc />
    public bool ContinueAfterEpoch(EpochReport report) => !isOutOfTime();
}
