namespace MlNetNas.Training;

/// <summary>
/// Observes a training run and may end it: after any optimization step (a deadline that must not wait for the
/// epoch's end) or after an epoch's validation (early stopping, a pruner, a user's callback). The run keeps the
/// weights of its best validation epoch whoever stops it.
/// </summary>
public interface ITrainingCallback
{
    /// <summary>Called after each optimization step (1-based, counted over the whole run); false stops the run at once.</summary>
    bool ContinueAfterStep(int step) => true;

    /// <summary>Called after each epoch's validation; false stops the run.</summary>
    bool ContinueAfterEpoch(EpochReport report) => true;
}
