using MlNetNas.SearchSpace;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// A study's run taken over to be continued (<see cref="ITrialStore.Resume"/>): its handle, its spec, the trials it
/// finished, the trials that were running when its process stopped (to run again) and the time it had spent.
/// </summary>
/// <param name="Run">The run, now owned by this process.</param>
/// <param name="Spec">What the run was started with.</param>
/// <param name="Finished">Its finished trials (completed, pruned, failed, cancelled), in trial order.</param>
/// <param name="Interrupted">Trials that were running when the run's process stopped: their ids and parameters.</param>
/// <param name="Elapsed">The budget the run had spent, up to its last heartbeat.</param>
public sealed record ResumedRun(StudyRun Run, RunSpec Spec, IReadOnlyList<TrialResult> Finished, IReadOnlyList<(int TrialId, Parameter Parameter)> Interrupted, TimeSpan Elapsed);
