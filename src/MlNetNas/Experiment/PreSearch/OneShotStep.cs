using System.Diagnostics;
using Microsoft.ML;
using MlNetNas.Architectures.Families;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search;
using MlNetNas.Search.OneShot;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.PreSearch;

using MlNetNas.SearchSpace;

/// <summary>
/// Before the trials: a one-shot search (ENAS, DARTS or GDAS) of the cell space on the first split's training rows,
/// within its share of the budget. It is recorded as a trial of its own (trainer "enas", "darts" or "gdas", the
/// derived cell as its architecture, the supernet's estimate beside an empty metric: a supernet is not a deployable
/// model), and the "cell" candidate then keeps that cell, so its first trial retrains it from scratch as an ordinary
/// trial, with the rest of the budget (see <see cref="TrialRunner"/>), and it is exported like any other winner.
/// </summary>
internal static class OneShotStep
{
    /// <summary>The trainer name of the candidate whose space the one-shot search covers.</summary>
    public const string CellTrainer = "cell";

    /// <summary>Throws when a one-shot search cannot run with these candidates and this input (before the run starts).</summary>
    public static void Check(RunSettings settings)
    {
        if (settings.OneShot is not { } options)
        {
            return;
        }

        string method = options.Method.ToString().ToLowerInvariant();
        if (settings.Candidates.OfType<NasCandidate>().FirstOrDefault(c => c.Name == CellTrainer && c.Family is CellFamily) is null)
        {
            throw new InvalidOperationException($"The one-shot search '{method}' searches the cell space: include the '{CellTrainer}' trainer (e.g. --trainers {CellTrainer}).");
        }

        if (settings.Input is not { IsImage: true })
        {
            throw new InvalidOperationException($"The one-shot search '{method}' needs images: give the image shape (SetInputShape, --image-shape).");
        }
    }

    /// <summary>
    /// Runs the search and records its trial; returns the settings with the cell candidate fixed to the derived cell (or
    /// unchanged when the search failed, which is recorded as a failed trial: the ordinary trials go on).
    /// </summary>
    public static RunSettings Run(RunState run, RunSettings settings, int classes)
    {
        var options = settings.OneShot!;
        string method = options.Method.ToString().ToLowerInvariant();
        const int trialId = 1;
        var parameter = Shape(method, null);
        settings.Monitor?.ReportRunningTrial(trialId, method, parameter);
        var clock = Stopwatch.StartNew();
        try
        {
            if (run.Task.Kind != NasTaskKind.MulticlassClassification)
            {
                throw new ArgumentException($"One-shot search supports multiclass image classification; this task is {run.Task.Kind}.");
            }

            var ml = new MLContext(settings.Seed);
            var data = run.Featurized[0].Get(null);
            var train = TrainingDataReader.Read(data.Train, CandidateContext.FeatureColumn, CandidateContext.LabelColumn, run.Task.Kind);
            var validation = TrainingDataReader.Read(data.Validation, CandidateContext.FeatureColumn, CandidateContext.LabelColumn, run.Task.Kind);
            var budget = TimeSpan.FromSeconds(settings.TrainingSeconds * settings.OneShotFraction);
            var result = SupernetSearch.Run(settings.Input!, classes, train, validation, options with { TimeBudget = budget, Seed = settings.Seed, Device = settings.Device },
                () => run.Clock.Elapsed >= run.Deadline, run.Cancellation);
            var trial = new TrialResult(trialId, method, Shape(method, result.Cell), TrialStatus.Completed, null, clock.Elapsed,
                Architecture: $"cell {result.Cell} (supernet: {result.Epochs} of {result.PlannedEpochs} epochs, {result.StopReason})", Epochs: result.Epochs)
            {
                SupernetAccuracy = result.SupernetAccuracy,
                PeakMemoryBytes = result.PeakResidentBytes,
                FinishedAt = run.Now,
            };
            run.Record(trial);
            run.OneShot = result;
            run.PendingRetrain = result;
            settings.Monitor?.ReportCompletedTrial(trial);
            return settings with { Candidates = settings.Candidates.Select(c => Fixed(c, result.Cell)).ToArray() };
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            run.Cancelled = true;
            return settings;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Training.TrainingDivergedException or OutOfMemoryException or System.Runtime.InteropServices.ExternalException)
        {
            var failed = new TrialResult(trialId, method, parameter, TrialStatus.Failed, null, clock.Elapsed, FailureMessage.Of(e)) { FinishedAt = run.Now };
            run.Record(failed);
            settings.Monitor?.ReportFailedTrial(failed);
            return settings;
        }
    }

    /// <summary>The trial's parameter in the experiment's shape: {trainer: {trainer: method, cell: "|...|"}}.</summary>
    private static Parameter Shape(string method, CellArchitecture? cell)
    {
        var inner = new Dictionary<string, Parameter> { [NasExperiment.TrainerKey] = Parameter.FromString(method) };
        if (cell is not null)
        {
            inner["cell"] = Parameter.FromString(cell.ToString());
        }

        return Parameter.FromObject([new(NasExperiment.TrainerKey, Parameter.FromObject(inner))]);
    }

    private static ICandidateTrainer Fixed(ICandidateTrainer candidate, CellArchitecture cell) =>
        candidate is NasCandidate { Name: CellTrainer, Family: CellFamily family } ? new NasCandidate(family.WithCell(cell), CellTrainer) : candidate;
}
