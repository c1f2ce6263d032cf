namespace MlNetNas.Training;

/// <summary>
/// Stops a run after a number of epochs in a row without a better validation loss, counted from
/// <c>firstEpoch</c> on: under a decaying learning rate the best epochs come as the rate anneals, so a trainer
/// starts counting in the schedule's second half.
/// </summary>
public sealed class EarlyStopping : ITrainingCallback
{
    private readonly int patience;
    private readonly int firstEpoch;
    private double best = double.PositiveInfinity;
    private int left;

    /// <summary>Creates the rule; <paramref name="patience"/> must be at least 1; no run stops before <paramref name="firstEpoch"/>.</summary>
    public EarlyStopping(int patience, int firstEpoch = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        this.patience = patience;
        this.firstEpoch = firstEpoch;
        left = patience;
    }

    /// <inheritdoc />
    public bool ContinueAfterEpoch(EpochReport report)
    {
        if (report.ValidationLoss < best)
        {
            best = report.ValidationLoss;
            left = patience;
            return true;
        }

        if (report.Epoch < firstEpoch)
        {
            return true;
        }

        return --left > 0;
    }
}
