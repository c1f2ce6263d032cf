using System.Diagnostics;
using Microsoft.ML;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Search;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.PostSearch;

using MlNetNas.SearchSpace;

/// <summary>After the search: greedy ensemble selection (Caruana et al. 2004) over the completed networks, kept only if it beats the best trial.</summary>
internal static class EnsembleStep
{
    /// <summary>
    /// Greedy ensemble selection over the completed networks; the ensemble is scored like any trial, with the task's
    /// metric on the same validation data, and kept only if it beats the best trial.
    /// </summary>
    public static void Run(RunState run, LabelPreparation labels, RunSettings settings)
    {
        if (run.Clock.Elapsed >= run.Deadline || run.Ensembles.Select() is not { } ensemble)
        {
            return;
        }

        int trialId = run.Trials.Count + 1;
        var clockOfEnsemble = Stopwatch.StartNew();
        var parameter = Parameter.FromObject([
            KeyValuePair.Create(NasExperiment.TrainerKey, Parameter.FromObject([KeyValuePair.Create(NasExperiment.TrainerKey, Parameter.FromString(NasExperiment.EnsembleName))])),
            KeyValuePair.Create("members", Parameter.FromString(string.Join(",", ensemble.TrialIds))),
        ]);
        settings.Monitor?.ReportRunningTrial(trialId, NasExperiment.EnsembleName, parameter);
        TrialResult result;
        try
        {
            var trialMl = new MLContext(settings.Seed + trialId);
            var (model, metric) = run.Watchdog.Run(
                () =>
                {
                    var built = DeployableModelBuilder.Build(trialMl, ensemble.Export, run.Task.Kind, ensemble.Data.Validation, labels.ClassNames);
                    return (built, MetricEvaluator.Evaluate(trialMl, run.Task, built.Transform(ensemble.Data.Validation)));
                },
                trialMl,
                run.Deadline - run.Clock.Elapsed + TrialWatchdog.Grace,
                "the ensemble",
                run.Cancellation);
            result = new TrialResult(trialId, NasExperiment.EnsembleName, parameter, TrialStatus.Completed, metric, clockOfEnsemble.Elapsed, null,
                $"mean of the networks of trials {string.Join(", ", ensemble.TrialIds)}") { FinishedAt = run.Clock.Elapsed };
            bool isBest = run.Incumbent.Offer(result, ensemble.Data.Featurizer, model, ensemble.Export, architectureJson: null, refit: null);
            settings.Monitor?.ReportCompletedTrial(result);
            if (isBest)
            {
                settings.Monitor?.ReportBestTrial(result);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = new TrialResult(trialId, NasExperiment.EnsembleName, parameter, e is TrialTimeoutException ? TrialStatus.Cancelled : TrialStatus.Failed, null, clockOfEnsemble.Elapsed, FailureMessage.Of(e)) { FinishedAt = run.Clock.Elapsed };
            settings.Monitor?.ReportFailedTrial(result);
        }

        run.Record(result);
    }
}
