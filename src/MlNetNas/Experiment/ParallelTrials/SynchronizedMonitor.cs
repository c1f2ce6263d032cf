namespace MlNetNas.Experiment.ParallelTrials;

using MlNetNas.SearchSpace;

/// <summary>A monitor that trials running at once report to one call at a time (monitors are written for one trial at a time).</summary>
internal sealed class SynchronizedMonitor(IMonitor inner) : IMonitor
{
    private readonly object gate = new();

    public void ReportRunningTrial(int trialId, string trainer, Parameter parameter)
    {
        lock (gate)
        {
            inner.ReportRunningTrial(trialId, trainer, parameter);
        }
    }

    public void ReportCompletedTrial(TrialResult result)
    {
        lock (gate)
        {
            inner.ReportCompletedTrial(result);
        }
    }

    public void ReportFailedTrial(TrialResult result)
    {
        lock (gate)
        {
            inner.ReportFailedTrial(result);
        }
    }

    public void ReportBestTrial(TrialResult result)
    {
        lock (gate)
        {
            inner.ReportBestTrial(result);
        }
    }
}
