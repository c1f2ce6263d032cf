using Microsoft.ML;
using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Trainers;

namespace MlNetNas;

/// <summary>NAS trainers for ML.NET pipelines, one per task: <c>mlContext.Nas().Trainers.MulticlassClassification()</c>.</summary>
public sealed class NasTrainersCatalog
{
    private readonly MLContext ml;

    internal NasTrainersCatalog(MLContext mlContext) => ml = mlContext;

    /// <summary>A multiclass trainer: key label, Single vector features; outputs <c>Score</c> (probabilities) and key <c>PredictedLabel</c>.</summary>
    public NasTrainer MulticlassClassification(NasTrainerOptions? options = null) => new(ml, NasTaskKind.MulticlassClassification, options);

    /// <summary>A multiclass trainer reading the named columns with default options.</summary>
    public NasTrainer MulticlassClassification(string labelColumnName, string featureColumnName = "Features") =>
        MulticlassClassification(new NasTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>
    /// An image classifier: key label, and a Single vector feature column holding the planes of each image one after
    /// another (as <c>ExtractPixels</c> writes them, or pixel columns concatenated); trains one convolutional
    /// architecture, a NAS-Bench-201 cell network by default (<see cref="CellOptions"/>), on images of
    /// <paramref name="imageShape"/>. Outputs <c>Score</c> (probabilities) and key <c>PredictedLabel</c>.
    /// </summary>
    public NasTrainer ImageClassification(InputSpec imageShape, IArchitectureDesign? architecture = null, NasTrainerOptions? options = null)
    {
        if (!imageShape.IsImage)
        {
            throw new ArgumentException($"An image classifier needs an image shape [C, H, W] (e.g. InputSpec.Image(1, 8, 8)); got {imageShape.Shape}.", nameof(imageShape));
        }

        return MulticlassClassification((options ?? new NasTrainerOptions()) with { Input = imageShape, Design = architecture ?? new CellOptions() });
    }

    /// <summary>A binary trainer: Boolean label; outputs <c>Score</c>, <c>Probability</c> and Boolean <c>PredictedLabel</c>.</summary>
    public NasTrainer BinaryClassification(NasTrainerOptions? options = null) => new(ml, NasTaskKind.BinaryClassification, options);

    /// <summary>A binary trainer reading the named columns with default options.</summary>
    public NasTrainer BinaryClassification(string labelColumnName, string featureColumnName = "Features") =>
        BinaryClassification(new NasTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A regression trainer: Single label; outputs scalar <c>Score</c>.</summary>
    public NasTrainer Regression(NasTrainerOptions? options = null) => new(ml, NasTaskKind.Regression, options);

    /// <summary>A regression trainer reading the named columns with default options.</summary>
    public NasTrainer Regression(string labelColumnName, string featureColumnName = "Features") =>
        Regression(new NasTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });
}
