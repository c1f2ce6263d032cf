using MlNetNas.Trainers;
using MlNetNas.Training;

namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>Neural networks designed by the search: an MLP from <see cref="MlpSearchSpace"/>, trained with TorchSharp.</summary>
public sealed class NasCandidate : ICandidateTrainer
{
    private readonly int maxEpochs;

    /// <summary>Creates the candidate; <paramref name="maxEpochs"/> bounds the epochs range of its space.</summary>
    public NasCandidate(int maxEpochs = 60) => this.maxEpochs = maxEpochs;

    /// <inheritdoc />
    public string Name => "nas";

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(NasTask task) => MlpSearchSpace.Create(maxEpochs);

    /// <inheritdoc />
    public CandidateModel Fit(CandidateContext context, Parameter parameter)
    {
        var options = new NasTrainerOptions
        {
            LabelColumnName = CandidateContext.LabelColumn,
            FeatureColumnName = CandidateContext.FeatureColumn,
            Architecture = MlpSearchSpace.ToArchitecture(parameter),
            Training = MlpSearchSpace.ToTraining(parameter, context.Seed, context.Device),
            ValidationData = context.Validation,
        };
        var trainer = new NasTrainer(context.Context, context.Task.Kind, options);

        // At the experiment's deadline, or when the pruner says so, the run stops after the current epoch and keeps its best weights.
        bool pruned = false;
        bool Continue(EpochReport report)
        {
            if (context.IsOutOfTime())
            {
                return false;
            }

            pruned = context.Pruner?.ShouldPrune(context.TrialId, report.Epoch, report.ValidationLoss) == true;
            return !pruned;
        }

        var fit = trainer.FitDetailed(context.Train, Continue, context.CancellationToken);
        if (!pruned)
        {
            context.Pruner?.Complete(context.TrialId, fit.History.Select(r => r.ValidationLoss).ToArray());
        }

        return new CandidateModel(fit.Model, fit.Graph.ToString(), fit.History.Count, fit.Onnx, fit.Graph.ToJson(), fit.BestEpoch) { Pruned = pruned };
    }

    /// <summary>
    /// Trains the same network again on the training and validation rows together, with the same schedule, and
    /// stops after the epoch at which the search run did best (the "refit on all data" step).
    /// </summary>
    public CandidateModel Refit(CandidateContext context, Parameter parameter, int bestEpoch)
    {
        var training = MlpSearchSpace.ToTraining(parameter, context.Seed, context.Device);
        var options = new NasTrainerOptions
        {
            LabelColumnName = CandidateContext.LabelColumn,
            FeatureColumnName = CandidateContext.FeatureColumn,
            Architecture = MlpSearchSpace.ToArchitecture(parameter),
            Training = training,
            ValidationData = context.Validation,
            TrainOnValidationData = true,
        };
        var fit = new NasTrainer(context.Context, context.Task.Kind, options).FitDetailed(context.Train, r => r.Epoch < bestEpoch, context.CancellationToken);
        return new CandidateModel(fit.Model, fit.Graph.ToString(), fit.History.Count, fit.Onnx, fit.Graph.ToJson(), fit.BestEpoch);
    }
}
