namespace MlNetNas.Experiment;

/// <summary>Observes an experiment's trials as they start and end (the role of ML.NET AutoML's IMonitor).</summary>
public interface IMonitor
{
    /// <summary>A trial is about to run.</summary>
    void ReportRunningTrial(int trialId, string trainer, MlNetNas.SearchSpace.Parameter parameter);

    /// <summary>A trial finished with a metric.</summary>
    void ReportCompletedTrial(TrialResult result);

    /// <summary>A trial failed; the experiment goes on.</summary>
    void ReportFailedTrial(TrialResult result);

    /// <summary>A trial became the best so far.</summary>
    void ReportBestTrial(TrialResult result);
}
