using MlNetNas.Experiment;
using MlNetNas.SearchSpace;

namespace MlNetNas.Cli.Output;

/// <summary>The state of the leaderboard, fed by the experiment's thread and read by the renderer.</summary>
internal sealed class TrialBoard : IMonitor
{
    private readonly object gate = new();
    private readonly List<TrialResult> finished = new();
    private readonly Action<string>? onLine;

    public TrialBoard(NasTask task, Action<string>? onLine)
    {
        Task = task;
        this.onLine = onLine;
    }

    public NasTask Task { get; }

    public (int Id, string Trainer)? Running { get; private set; }

    public TrialResult? Best { get; private set; }

    public IReadOnlyList<TrialResult> Snapshot()
    {
        lock (gate)
        {
            return finished.ToArray();
        }
    }

    public void ReportRunningTrial(int trialId, string trainer, Parameter parameter)
    {
        Running = (trialId, trainer);
        onLine?.Invoke($"trial {trialId,3} {trainer,-9} running");
    }

    public void ReportCompletedTrial(TrialResult result)
    {
        Add(result);
        string metric = result.Metric is { } m ? $"{Task.Metric}={m:F4}" : "supernet search";
        string estimate = result.SupernetAccuracy is { } a ? $" (supernet estimate {a:F4})" : string.Empty;
        onLine?.Invoke($"trial {result.TrialId,3} {result.Trainer,-9} {metric}{estimate} {result.Duration.TotalSeconds,6:F1}s {result.Architecture}");
    }

    public void ReportFailedTrial(TrialResult result)
    {
        Add(result);
        onLine?.Invoke($"trial {result.TrialId,3} {result.Trainer,-9} {(result.Status == MlNetNas.Search.TrialStatus.Cancelled ? "cancelled" : "failed")} after {result.Duration.TotalSeconds:F1}s: {result.Error}");
    }

    public void ReportBestTrial(TrialResult result)
    {
        Best = result;
        onLine?.Invoke($"          new best: {result.Trainer} {Task.Metric}={result.Metric:F4}");
    }

    private void Add(TrialResult result)
    {
        lock (gate)
        {
            finished.Add(result);
            Running = null;
        }
    }
}
