namespace MlNetNas.Training;

/// <summary>The loss became NaN or infinite; the run's settings (usually the learning rate) do not train this network.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the epoch where the loss diverged.</summary>
    public TrainingDivergedException(int epoch, double loss)
        : base($"Training diverged at epoch {epoch}: the loss is {loss}. Lower the learning rate or add normalization.")
    {
        Epoch = epoch;
    }

    /// <summary>The epoch (1-based) in which the loss diverged.</summary>
    public int Epoch { get; }
}
