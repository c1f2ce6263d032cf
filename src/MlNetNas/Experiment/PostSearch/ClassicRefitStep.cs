using Microsoft.ML;

namespace MlNetNas.Experiment.PostSearch;

/// <summary>
/// After a cross-validated search whose winner is a classic trainer (LightGBM, FastTree, linear): the same settings
/// fitted once more on every training row, through the featurizer of the fold the model came from (the one the
/// deployable model keeps). A fold's model has seen only (k−1)/k of the rows, and cross-validation holds none out that
/// a refit would spoil. No time is reserved for it: it is skipped when its estimate does not fit what the search left
/// (small files, where the default cross-validation applies, have short classic fits); a fit that fails, is cancelled
/// or runs over keeps the fold's model.
/// </summary>
internal static class ClassicRefitStep
{
    // All rows are k/(k−1) of a fold's: a quarter more for 5 folds, with a margin for the estimate.
    private const double Margin = 1.25;

    /// <summary>Refits the winner; returns the number of rows it was fitted on, or null when it was not.</summary>
    public static long? Run(RunState run, LabelPreparation labels, DatasetPlan plan, RunSettings settings)
    {
        if (run.Incumbent is not { ClassicRefit: { } winner, Trial: { } best } || plan.Folds < 2)
        {
            return null;
        }

        double expected = winner.FoldFitSeconds * plan.Folds / (plan.Folds - 1) * Margin;
        var left = run.Deadline - run.Clock.Elapsed;
        if (expected > left.TotalSeconds)
        {
            return null;
        }

        var ml = new MLContext(settings.Seed + best.TrialId);
        var allRows = winner.Data.Featurizer.Transform(labels.Transform(plan.Train));
        var context = new Candidates.CandidateContext(ml, run.Task, allRows, winner.Data.Validation, settings.Seed + best.TrialId, settings.Device, () => run.Clock.Elapsed >= run.Deadline, run.Cancellation)
        {
            TrialId = best.TrialId,
            Input = settings.Input,
        };
        try
        {
            var refitted = run.Watchdog.Run(() => winner.Candidate.Fit(context, winner.Parameter), ml, left, $"refit of trial {best.TrialId} ({best.Trainer})", run.Cancellation);
            run.Incumbent.ReplaceModel(winner.Data.Featurizer, refitted.Model, null);
            return Data.DataViewValues.RowCount(allRows);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // over its time, cancelled or failed: the fold's model stays, and the run still returns it
        }
    }
}
