using MlNetNas.Experiment;

namespace MlNetNas.Tests.Experiment;

using MlNetNas.SearchSpace;

/// <summary>A monitor that cancels the experiment when trial <paramref name="trialId"/> has finished (completed or failed), as Ctrl+C would.</summary>
internal sealed class CancelWhenTrialEnds(int trialId, CancellationTokenSource stop) : IMonitor
{
    public void ReportRunningTrial(int id, string trainer, Parameter parameter)
    {
    }

    public void ReportCompletedTrial(TrialResult result) => Stop(result);

    public void ReportFailedTrial(TrialResult result) => Stop(result);

    public void ReportBestTrial(TrialResult result)
    {
    }

    private void Stop(TrialResult result)
    {
        if (result.TrialId == trialId)
        {
            stop.Cancel();
        }
    }
}
