using MlNetNas.SearchSpace;

namespace MlNetNas.Experiment.Storage;

/// <summary>A trial a process took to run in a shared study (<see cref="ITrialStore.Claim"/>).</summary>
/// <param name="TrialId">Its id in the study's run.</param>
/// <param name="Parameter">What to run.</param>
/// <param name="Requeued">True when it was running in a process that died (stale heartbeat): it runs again with the parameters it had; false for a new proposal.</param>
public sealed record ClaimedTrial(int TrialId, Parameter Parameter, bool Requeued);
