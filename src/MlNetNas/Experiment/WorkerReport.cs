namespace MlNetNas.Experiment;

/// <summary>What a worker did on a shared study (see <see cref="NasExperiment.RunWorkerAsync"/>).</summary>
/// <param name="TrialsRun">Trials this worker ran and stored.</param>
/// <param name="TrialsRequeued">Of those, trials taken over from processes that died mid-trial.</param>
/// <param name="StudyTrials">Finished trials of the run this worker saw, its own and other processes'.</param>
/// <param name="Elapsed">How long it worked.</param>
/// <param name="Cancelled">Whether it was cancelled.</param>
public sealed record WorkerReport(int TrialsRun, int TrialsRequeued, int StudyTrials, TimeSpan Elapsed, bool Cancelled);
