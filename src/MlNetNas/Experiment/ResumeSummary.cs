namespace MlNetNas.Experiment;

/// <summary>What resuming a stopped run of a study took over (see <see cref="NasExperiment.SetStorage"/>).</summary>
/// <param name="ReplayedTrials">Finished trials of the stopped run, told to the tuners in place of running them again.</param>
/// <param name="InterruptedTrials">Trials that were running when it stopped: they run again (with their ids) when the budget allows.</param>
/// <param name="DifferingTrials">Replayed trials that are not what this run proposed in their place (another trainer or other parameters); 0 means the run goes on as if it had never stopped.</param>
/// <param name="Spent">The budget the stopped run had spent; this run has the rest.</param>
/// <param name="RetrainedBest">Whether the best trial was one of the stopped run, trained again (same parameters and seed) for its model.</param>
public sealed record ResumeSummary(int ReplayedTrials, int InterruptedTrials, int DifferingTrials, TimeSpan Spent, bool RetrainedBest)
{
    /// <summary>Whether this experiment's search space differs from the one the stopped run kept (e.g. another mlnet-nas version): its trials since may differ from an uninterrupted run's.</summary>
    public bool SearchSpaceChanged { get; init; }
}
