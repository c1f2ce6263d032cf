using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Search;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.PostSearch;

using MlNetNas.SearchSpace;

/// <summary>After the search: greedy ensemble selection (Caruana et al. 2004) over the completed trials, networks and classic trainers alike, kept only if it beats the best trial.</summary>
internal static class EnsembleStep
{
    /// <summary>
    /// Greedy ensemble selection over the completed trials; the ensemble is scored like any trial, with the task's
    /// metric on the same validation data, and kept only if it beats the best trial.
    /// </summary>
    public static void Run(RunState run, LabelPreparation labels, RunSettings settings)
    {
        if (run.Clock.Elapsed >= run.Deadline || run.Ensembles.Select() is not { } ensemble)
        {
            return;
        }

        int trialId = run.Trials.Max(t => t.TrialId) + 1;
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
            // Networks on the same features merge into one ONNX graph (one model.onnx); any other mix chains its members' own featurizers.
            var data = ensemble.Members[0].Data;
            var export = ensemble.IsOneNetwork ? OnnxEnsembleBuilder.Average([.. ensemble.Members.Select(m => m.Network!)], ensemble.Weights) : null;
            var (model, metric) = run.Watchdog.Run(
                () =>
                {
                    var built = export is not null
                        ? DeployableModelBuilder.Build(trialMl, export, run.Task.Kind, data.Validation, labels.ClassNames)
                        : EnsembleModelBuilder.Build(trialMl, run.Task.Kind, [.. ensemble.Members.Select(m => (m.Data.Featurizer, m.Model ?? DeployableModelBuilder.Build(trialMl, m.Network!, run.Task.Kind, m.Data.Validation, labels.ClassNames)))],
                            ensemble.Weights, data.Validation, labels.ClassNames);
                    return (built, MetricEvaluator.Evaluate(trialMl, run.Task, built.Transform(data.Validation)));
                },
                trialMl,
                run.Deadline - run.Clock.Elapsed + TrialWatchdog.Grace,
                "the ensemble",
                run.Cancellation);
            result = new TrialResult(trialId, NasExperiment.EnsembleName, parameter, TrialStatus.Completed, metric, clockOfEnsemble.Elapsed, null, Describe(ensemble)) { FinishedAt = run.Now };
            // A chained ensemble holds its members' featurizers itself: it reads the raw columns.
            ITransformer featurizer = export is not null ? data.Featurizer : new TransformerChain<ITransformer>();
            bool isBest = run.Incumbent.Offer(result, featurizer, model, export, architectureJson: null, refit: null);
            if (isBest && export is null)
            {
                run.Incumbent.Ensemble = ensemble;
            }

            settings.Monitor?.ReportCompletedTrial(result);
            if (isBest)
            {
                settings.Monitor?.ReportBestTrial(result);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = new TrialResult(trialId, NasExperiment.EnsembleName, parameter, e is TrialTimeoutException ? TrialStatus.Cancelled : TrialStatus.Failed, null, clockOfEnsemble.Elapsed, FailureMessage.Of(e)) { FinishedAt = run.Now };
            settings.Monitor?.ReportFailedTrial(result);
        }

        run.Record(result);
    }

    /// <summary>"weighted mean of trials 3 (nas) ×2, 7 (lightgbm)".</summary>
    private static string Describe(EnsembleChoice ensemble) =>
        $"weighted mean of trials {string.Join(", ", ensemble.Members.Select((m, i) => $"{m.TrialId} ({m.Trainer})" + (ensemble.Weights[i] > 1 ? $" ×{ensemble.Weights[i]:0}" : string.Empty)))}";
}
