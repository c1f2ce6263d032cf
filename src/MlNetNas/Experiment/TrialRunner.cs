using System.Diagnostics;
using Microsoft.ML;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Search;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// Runs one trial: fits its trainer on every fold (a network within its share of the budget and under the pruner),
/// scores it by the mean validation metric, and offers it to the incumbent and, for a network, to ensemble selection.
/// </summary>
internal sealed class TrialRunner(RunSettings settings)
{
    /// <summary>Trains one trial on every fold, scores it by the mean metric and offers it to the incumbent.</summary>
    public TrialResult Run(RunState run, int trialId, string trainerName, Parameter parameter, Stopwatch trialClock)
    {
        var nasTask = run.Task;
        var trainerParameter = parameter[NasExperiment.TrainerKey];
        var candidate = settings.Candidates.First(c => c.Name == trainerName);
        var trialMl = new MLContext(settings.Seed + trialId);
        var preprocessing = !settings.HasPreprocessing ? null : parameter[NasExperiment.PreprocessingKey];
        // One network may use at most a share of the budget (a tenth by default, at least 20 s) per fold: it stops after the step that crosses it.
        // The trial that retrains a one-shot search's cell may use all the time left: it is the search's answer.
        var trialLimit = TimeSpan.FromSeconds(Math.Max(20, settings.TrainingSeconds * settings.TrialTimeFraction));
        var retrained = trainerName == PreSearch.OneShotStep.CellTrainer ? run.PendingRetrain : null;
        if (retrained is not null)
        {
            run.PendingRetrain = null;
            var left = (run.Deadline - run.Clock.Elapsed) / run.Featurized.Length;
            trialLimit = left > trialLimit ? left : trialLimit;
        }

        using var memory = new Training.PeakMemorySampler();
        FeaturizedData? data = null;
        CandidateModel? fitted = null;
        IDataView? scored = null;
        double bestFold = double.PositiveInfinity;
        var foldMetrics = new List<double>();
        bool pruned = false;
        try
        {
            for (int f = 0; f < run.Featurized.Length; f++)
            {
                var foldData = run.Featurized[f].Get(trialMl, preprocessing);
                var foldLimit = trialLimit * (f + 1);
                var context = new CandidateContext(trialMl, nasTask, foldData.Train, foldData.Validation, settings.Seed + trialId, settings.Device,
                    () => run.Clock.Elapsed >= run.Deadline || trialClock.Elapsed >= foldLimit, run.Cancellation)
                {
                    TrialId = trialId,
                    Input = settings.Input,
                    TimeBudget = Min(foldLimit - trialClock.Elapsed, run.Deadline - run.Clock.Elapsed),

                    // A pruner compares one learning curve per trial: with cross-validation, folds would mix theirs.
                    Pruner = run.Featurized.Length == 1 ? settings.Pruner : null,
                };
                var foldFitted = candidate.Fit(context, trainerParameter);
                pruned |= foldFitted.Pruned;
                var foldScored = foldFitted.Model.Transform(foldData.Validation);
                double foldMetric = MetricEvaluator.Evaluate(trialMl, nasTask, foldScored);
                foldMetrics.Add(foldMetric);
                if (nasTask.ToLoss(foldMetric) < bestFold)
                {
                    Incumbent.Release(fitted?.Model);
                    (bestFold, data, fitted, scored) = (nasTask.ToLoss(foldMetric), foldData, foldFitted, foldScored);
                }
                else
                {
                    Incumbent.Release(foldFitted.Model);
                }
            }
        }
        catch
        {
            Incumbent.Release(fitted?.Model);
            throw;
        }

        double metric = foldMetrics.Average();
        var result = new TrialResult(trialId, trainerName, parameter, pruned ? TrialStatus.Pruned : TrialStatus.Completed, metric, trialClock.Elapsed, null, fitted!.Architecture, fitted.Epochs)
        {
            SupernetAccuracy = retrained?.SupernetAccuracy,
            PeakMemoryBytes = memory.PeakBytes,
        };
        if (fitted.Network is { } network && !pruned && settings.Ensemble && run.Featurized.Length == 1)
        {
            run.Ensembles.Add(trialId, preprocessing?.ToJson() ?? string.Empty, data!, network, scored!, nasTask.ToLoss(metric));
        }

        var refitPlan = candidate is NasCandidate nasCandidate && fitted.BestEpoch is { } epoch ? new RefitPlan(nasCandidate, trainerParameter, data!, epoch, fitted.PlannedEpochs) : null;
        bool isBest = run.Incumbent.Offer(result, data!.Featurizer, fitted.Model, fitted.Network, fitted.ArchitectureJson, refitPlan);
        settings.Monitor?.ReportCompletedTrial(result);
        if (isBest)
        {
            settings.Monitor?.ReportBestTrial(result);
        }

        return result;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
