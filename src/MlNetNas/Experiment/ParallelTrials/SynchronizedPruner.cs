using MlNetNas.Search.Pruning;

namespace MlNetNas.Experiment.ParallelTrials;

/// <summary>
/// A pruner that trials running at once consult one call at a time. Its decisions then depend on how far the other
/// trials have come, as in any asynchronous search (ASHA was designed for it), so pruned runs are not reproducible
/// across machines the way unpruned ones are.
/// </summary>
internal sealed class SynchronizedPruner(IPruner inner) : IPruner
{
    private readonly object gate = new();

    public bool ShouldPrune(int trialId, int epoch, double validationLoss)
    {
        lock (gate)
        {
            return inner.ShouldPrune(trialId, epoch, validationLoss);
        }
    }

    public void Complete(int trialId, IReadOnlyList<double> curve)
    {
        lock (gate)
        {
            inner.Complete(trialId, curve);
        }
    }
}
