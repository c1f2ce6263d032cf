using System.Diagnostics;
using Microsoft.ML;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Search;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// Runs one trial: fits its trainer on every fold (a network within its share of the budget and under the pruner; a
/// classic trainer only when its estimate fits the time it may use, scaled down if need be, on a worker thread held to
/// its limit and the deadline, <see cref="TrialWatchdog"/>), scores it by the mean validation metric, and offers it to
/// the incumbent and, for a network, to ensemble selection.
/// </summary>
/// <remarks>
/// Trials that run at once each have their own runner: its <paramref name="watchdog"/> (the run's when null) and a cap
/// on the CPU threads its networks train with.
/// </remarks>
internal sealed class TrialRunner(RunSettings settings, TrialWatchdog? watchdog = null, int? maxCpuThreads = null)
{
    /// <summary>A classic trial may use at most this share of the budget (at least <see cref="MinimumTrialLimit"/>).</summary>
    public const double ClassicTrialShare = 0.25;

    /// <summary>The least time limit of one trial.</summary>
    public static readonly TimeSpan MinimumTrialLimit = TimeSpan.FromSeconds(20);

    private readonly TrialCostGate costs = new();

    /// <summary>
    /// Trains one trial on every fold, scores it by the mean metric and offers it to the incumbent.
    /// <paramref name="parameter"/> is the proposal; the result holds the parameter that ran (a classic trainer's size may be scaled down).
    /// </summary>
    /// <remarks>With <paramref name="ignoreDeadline"/> it trains as if the budget were not spent: a resumed run trains its stored best trial again for its model, which must be the same model.</remarks>
    /// <exception cref="TrialTimeoutException">The trial did not fit the time left, or was stopped at its limit.</exception>
    public TrialResult Run(RunState run, int trialId, string trainerName, Parameter parameter, Stopwatch trialClock, bool ignoreDeadline = false)
    {
        var deadline = ignoreDeadline ? run.Clock.Elapsed + TimeSpan.FromDays(365) : run.Deadline;
        var nasTask = run.Task;
        var trainerParameter = parameter[NasExperiment.TrainerKey];
        var candidate = settings.Candidates.First(c => c.Name == trainerName);
        var trialMl = new MLContext(settings.Seed + trialId);
        var preprocessing = !settings.HasPreprocessing ? null : parameter[NasExperiment.PreprocessingKey];
        // One network may use at most a share of the budget (a tenth by default, at least 20 s) per fold: it stops after the step that crosses it.
        // The trial that retrains a one-shot search's cell may use all the time left: it is the search's answer.
        var trialLimit = Max(MinimumTrialLimit, TimeSpan.FromSeconds(settings.TrainingSeconds * settings.TrialTimeFraction));
        var timeLeft = deadline - PostSearch.RefitStep.Reserve(run, settings) - run.Clock.Elapsed;
        var classicLimit = Min(Max(MinimumTrialLimit, TimeSpan.FromSeconds(settings.TrainingSeconds * ClassicTrialShare)), timeLeft) / run.Featurized.Length;
        TrialCostGate.FitPlan? plan = null;
        var retrained = trainerName == PreSearch.OneShotStep.CellTrainer ? run.PendingRetrain : null;
        if (retrained is not null)
        {
            run.PendingRetrain = null;
            var left = (deadline - run.Clock.Elapsed) / run.Featurized.Length;
            trialLimit = Max(left, trialLimit);
        }

        // A trial stops where the winner's refit reserve begins (the loop starts none inside it): otherwise the last trial
        // runs on to the deadline and the refit never has its time. The trial retraining a one-shot cell may use it all.
        var stopAt = retrained is null ? deadline - PostSearch.RefitStep.Reserve(run, settings) : deadline;
        using var memory = new Training.PeakMemorySampler();
        FeaturizedData? data = null;
        CandidateModel? fitted = null;
        IDataView? scored = null;
        double bestFold = double.PositiveInfinity;
        var foldMetrics = new List<double>();
        bool pruned = false;
        bool crossValidated = run.Featurized.Length > 1;
        bool keepFolds = crossValidated && settings.KeepFolds;
        var folds = new List<FoldModel>();
        try
        {
            for (int f = 0; f < run.Featurized.Length; f++)
            {
                var foldData = run.Featurized[f].Get(preprocessing);
                if (f == 0 && candidate is IFitCostEstimator)
                {
                    plan = costs.Plan(candidate, trainerParameter, ShapeOf(foldData), classicLimit);
                    if (!plan.Starts)
                    {
                        throw new TrialTimeoutException($"{trainerName} {plan.Note}.") { NotStarted = true };
                    }

                    if (plan.Note is not null)
                    {
                        trainerParameter = plan.Parameter!;
                        parameter = Parameter.FromObject(parameter.Children.Select(c => c.Key == NasExperiment.TrainerKey ? KeyValuePair.Create(c.Key, trainerParameter) : c));
                    }
                }

                var foldLimit = trialLimit * (f + 1);
                var context = new CandidateContext(trialMl, nasTask, foldData.Train, foldData.Validation, settings.Seed + trialId, settings.Device,
                    () => run.Clock.Elapsed >= stopAt || trialClock.Elapsed >= foldLimit, run.Cancellation)
                {
                    TrialId = trialId,
                    Input = settings.Input,
                    TimeBudget = Min(foldLimit - trialClock.Elapsed, stopAt - run.Clock.Elapsed),

                    // A pruner compares one learning curve per trial: with cross-validation, folds would mix theirs.
                    Pruner = run.Featurized.Length == 1 ? settings.Pruner : null,
                    MaxCpuThreads = maxCpuThreads,
                };
                // A classic fit runs on the watchdog's worker thread, held to its share of the time left (a quarter more,
                // estimates being rough). A network stops itself after the step that crosses its limit or the deadline, and
                // trains on this thread: on the worker thread the same optdigits search peaked at 2.2-2.8 GB instead of 0.9.
                var fitClock = Stopwatch.StartNew();
                var foldParameter = trainerParameter;
                (CandidateModel Model, IDataView Scores, double Metric) FitAndScore()
                {
                    var model = candidate.Fit(context, foldParameter);
                    var validationScores = model.Model.Transform(foldData.Validation);
                    return (model, validationScores, MetricEvaluator.Evaluate(trialMl, nasTask, validationScores));
                }

                var (foldFitted, foldScored, foldMetric) = candidate is IFitCostEstimator
                    ? (watchdog ?? run.Watchdog).Run(FitAndScore, trialMl, Min(classicLimit * 1.25, deadline - run.Clock.Elapsed), $"trial {trialId} ({trainerName})", run.Cancellation)
                    : FitAndScore();
                if (plan is not null)
                {
                    costs.Observe(trainerName, plan, fitClock.Elapsed.TotalSeconds);
                }

                pruned |= foldFitted.Pruned;
                foldMetrics.Add(foldMetric);
                if (keepFolds)
                {
                    folds.Add(new FoldModel(foldData, foldFitted.Model, foldFitted.Network)); // the incumbent may bag them
                }

                if (nasTask.ToLoss(foldMetric) < bestFold)
                {
                    if (!keepFolds)
                    {
                        Incumbent.Release(fitted?.Model);
                    }

                    (bestFold, data, fitted, scored) = (nasTask.ToLoss(foldMetric), foldData, foldFitted, foldScored);
                }
                else if (!keepFolds)
                {
                    Incumbent.Release(foldFitted.Model);
                }
            }
        }
        catch
        {
            Incumbent.Release(fitted?.Model);
            Incumbent.ReleaseFolds(folds, fitted?.Model);

            throw;
        }

        double metric = foldMetrics.Average();
        var result = new TrialResult(trialId, trainerName, parameter, pruned ? TrialStatus.Pruned : TrialStatus.Completed, metric, trialClock.Elapsed, null, fitted!.Architecture, fitted.Epochs)
        {
            SupernetAccuracy = retrained?.SupernetAccuracy,
            PeakMemoryBytes = memory.PeakBytes,
            FinishedAt = run.Now,
            LearningCurve = fitted.LearningCurve,
        };
        // Networks join by their export (rebuilt at the end); classic models by the model itself, which the incumbent may
        // dispose when it drops it: ML.NET's LightGBM, FastTree and linear transformers hold no native state and still
        // score after Dispose (EnsembleModelBuilderTests checks that).
        if (!pruned && settings.Ensemble && run.Featurized.Length == 1 && fitted.JoinsEnsembles)
        {
            run.Ensembles.Add(trialId, trainerName, preprocessing?.ToJson() ?? string.Empty, data!, fitted.Network is null ? fitted.Model : null, fitted.Network, scored!, nasTask.ToLoss(metric));
        }

        var refitPlan = candidate is NasCandidate nasCandidate && fitted.BestEpoch is { } epoch ? new RefitPlan(nasCandidate, trainerParameter, data!, epoch, fitted.PlannedEpochs) : null;
        // Classic trainers (the ones with a fit-cost estimate, as above) are refitted on all rows after cross-validation.
        var classicRefit = run.Featurized.Length > 1 && candidate is IFitCostEstimator
            ? new ClassicRefitPlan(candidate, trainerParameter, data!, trialClock.Elapsed.TotalSeconds / run.Featurized.Length)
            : null;
        bool isBest = run.Incumbent.Offer(result, data!.Featurizer, fitted.Model, fitted.Network, fitted.ArchitectureJson, refitPlan, classicRefit, keepFolds ? folds : null);
        settings.Monitor?.ReportCompletedTrial(result);
        if (isBest)
        {
            settings.Monitor?.ReportBestTrial(result);
        }

        return result;
    }

    /// <summary>The training rows, feature slots and classes of a fold's featurized data.</summary>
    private static DataShape ShapeOf(FeaturizedData data)
    {
        int features = data.Train.Schema[CandidateContext.FeatureColumn].Type is Microsoft.ML.Data.VectorDataViewType vector ? vector.Size : 1;
        int classes = data.Train.Schema[CandidateContext.LabelColumn].Type is Microsoft.ML.Data.KeyDataViewType key ? (int)key.Count : 1;
        int effective = data.EffectiveFeatures(features);
        return new DataShape(data.TrainRows, effective, classes) { NonZeroPerRow = effective < features ? data.NonZeroPerRow : null };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
