using MlNetNas.Search;

namespace MlNetNas.Experiment;

/// <summary>
/// Which trial's model the experiment keeps. As in Optuna, a pruned trial is the best only while no trial has
/// completed: its metric comes from a network stopped early on purpose, and preferring it to fully trained ones
/// favours lucky short runs that generalise worse. Among trials of the same status, the better metric wins.
/// </summary>
internal static class BestTrialRule
{
    /// <summary>Whether <paramref name="candidate"/> (which has a metric) should replace <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(TrialResult candidate, TrialResult? incumbent, NasTask task)
    {
        if (incumbent is null)
        {
            return true;
        }

        bool completed = candidate.Status != TrialStatus.Pruned;
        bool incumbentCompleted = incumbent.Status != TrialStatus.Pruned;
        return completed != incumbentCompleted
            ? completed
            : task.ToLoss(candidate.Metric!.Value) < task.ToLoss(incumbent.Metric!.Value);
    }
}
