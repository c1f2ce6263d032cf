namespace MlNetNas.Training;

/// <summary>Stops a run after a number of epochs in a row without a better validation loss.</summary>
public sealed class EarlyStopping : ITrainingCallback
{
    private readonly int patience;
    private double best = double.PositiveInfinity;
    private int left;

    /// <summary>Creates the rule; <paramref name="patience"/> must be at least 1.</summary>
    public EarlyStopping(int patience)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        this.patience = patience;
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

        return --left > 0;
    }
}
