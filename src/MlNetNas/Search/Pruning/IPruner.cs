namespace MlNetNas.Search.Pruning;

/// <summary>
/// Decides, epoch by epoch, whether a running trial is worth finishing (the "pruner" of Optuna, the "scheduler" of Ray
/// Tune). The experiment reports each epoch's validation loss of a trial (lower is better) and stops the trial when
/// told to; a trial that runs to its end is reported as complete with its whole curve.
/// </summary>
public interface IPruner
{
    /// <summary>
    /// Records <paramref name="validationLoss"/> of trial <paramref name="trialId"/> after epoch <paramref name="epoch"/>
    /// (1 for the first) and returns true when the trial should stop now.
    /// </summary>
    bool ShouldPrune(int trialId, int epoch, double validationLoss);

    /// <summary>
    /// Trial <paramref name="trialId"/> ended without being pruned; <paramref name="curve"/> holds its validation loss
    /// after each epoch, the first epoch first. A trial never reported epoch by epoch may be completed too (to prime the
    /// pruner with earlier trials).
    /// </summary>
    void Complete(int trialId, IReadOnlyList<double> curve);
}
