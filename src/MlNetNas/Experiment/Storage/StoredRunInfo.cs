namespace MlNetNas.Experiment.Storage;

/// <summary>The last run of a study as a listing sees it: its handle, spec, trial count, time spent and whether it finished.</summary>
/// <param name="Run">The run's handle.</param>
/// <param name="Spec">What the run was started with.</param>
/// <param name="FinishedTrials">How many trials it finished.</param>
/// <param name="Elapsed">The budget it had spent, up to its last heartbeat.</param>
/// <param name="Ended">Whether the run ended on its own (its search and output are complete) rather than stopped mid-way.</param>
public sealed record StoredRunInfo(StudyRun Run, RunSpec Spec, int FinishedTrials, TimeSpan Elapsed, bool Ended);
