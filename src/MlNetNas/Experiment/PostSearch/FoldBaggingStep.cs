using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.PostSearch;

/// <summary>
/// After a cross-validated search: the winning trial's k fold models averaged with equal weights (bagging, as
/// AutoGluon finishes its bagged models), instead of one model fitted again on all rows. Each fold model keeps the
/// featurizer fitted on its own fold, so the bag is an ensemble of k (featurizer, model) members in one model.zip (and
/// one pipeline.onnx where the members lower). Every row trained k−1 of the members, and the cross-validation metric
/// already scored each member on the fold it had not seen. Builds in about a second: no training.
/// </summary>
internal static class FoldBaggingStep
{
    /// <summary>
    /// Replaces the incumbent's model by the bag of its fold models; returns how many folds it holds (0: not bagged) and,
    /// when building the bag failed, why (the incumbent then keeps its best fold's model).
    /// </summary>
    public static (int Folds, string? Error) Run(RunState run, LabelPreparation labels, RunSettings settings)
    {
        if (run.Incumbent is not { Folds: { Count: >= 2 } folds, Trial: { } best })
        {
            return (0, null);
        }

        var ml = new MLContext(settings.Seed + best.TrialId);
        ITransformer bag;
        try
        {
            bag = EnsembleModelBuilder.Build(ml, run.Task.Kind, [.. folds.Select(f => (f.Data.Featurizer, f.Model))], [.. folds.Select(_ => 1.0)], folds[0].Data.Validation, labels.ClassNames);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (0, FailureMessage.Of(e));
        }

        // Fold featurizers differ (fitted on different rows): distinct keys keep any consumer from merging the networks.
        var members = folds.Select((f, i) => new EnsembleMember(best.TrialId, best.Trainer, $"fold {i + 1}", f.Data, f.Network is null ? f.Model : null, f.Network)).ToArray();
        run.Incumbent.ReplaceModel(new TransformerChain<ITransformer>(), bag, network: null, keepsFolds: true);
        run.Incumbent.Ensemble = new EnsembleChoice(members, [.. folds.Select(_ => 1.0)]);
        return (folds.Count, null);
    }
}
