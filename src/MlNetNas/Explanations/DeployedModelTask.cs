using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;

namespace MlNetNas.Explanations;

/// <summary>What a saved model predicts, read from its output columns, and its classes read from labelled data the way training orders them.</summary>
public static class DeployedModelTask
{
    /// <summary>
    /// Binary classification when the model writes a scalar <c>Probability</c>, multiclass when it writes a
    /// <c>PredictedLabel</c>, else regression; <paramref name="metric"/> by default accuracy or R².
    /// </summary>
    /// <exception cref="ArgumentException">The data has no such label column, or the metric does not apply to the task.</exception>
    public static (NasTask Task, IReadOnlyList<string> ClassNames) Detect(MLContext mlContext, ITransformer model, IDataView data, string labelColumn, NasMetric? metric = null)
    {
        if (data.Schema.GetColumnOrNull(labelColumn) is null)
        {
            throw new ArgumentException($"The data has no label column '{labelColumn}'; its columns are: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        }

        var output = model.GetOutputSchema(data.Schema);
        NasTask task = output.GetColumnOrNull("Probability") is { Type: NumberDataViewType }
            ? NasTask.BinaryClassification(labelColumn, metric ?? NasMetric.Accuracy)
            : output.GetColumnOrNull("PredictedLabel") is not null
                ? NasTask.MulticlassClassification(labelColumn, metric ?? NasMetric.Accuracy)
                : NasTask.Regression(labelColumn, metric ?? NasMetric.RSquared);
        var classes = task.Kind == Trainers.NasTaskKind.Regression ? [] : LabelPreparation.Create(mlContext, task, data).ClassNames;
        return (task, classes);
    }
}
