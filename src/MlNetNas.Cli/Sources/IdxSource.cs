using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Data.Images;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Cli.Sources;

/// <summary>IDX images and labels (MNIST, Fashion-MNIST); model.zip reads CSV rows of the pixels followed by the label.</summary>
internal sealed class IdxSource(MLContext ml, IdxDataset dataset, ImageArguments image) : ITrainingSource
{
    /// <inheritdoc />
    public IDataView Train { get; } = dataset.Load(ml);

    /// <inheritdoc />
    public string LabelColumn => IdxDataset.LabelColumn;

    /// <inheritdoc />
    public string Summary => $"{dataset.ImagesPath}: {dataset.Pixels.Count} images of {dataset.Height}x{dataset.Width}, labels from {Path.GetFileName(dataset.LabelsPath)}, "
        + $"{dataset.Labels.Distinct().Count()} classes; each image scaled to mean 0 and deviation 1";

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings => [];

    /// <inheritdoc />
    public IDataLoader<IMultiStreamSource> CreateLoader(MLContext context) => dataset.CreateLoader(context);

    /// <inheritdoc />
    public MlNetNas.Data.DataFileLayout? Layout => null;

    /// <inheritdoc />
    public IDataView LoadLike(MLContext context, string path, ICollection<string> warnings)
    {
        if (!IdxDataset.IsIdxImages(path))
        {
            if (path.Length == 0 || !File.Exists(path))
            {
                throw new DataValidationException($"File '{path}' not found.") { FilePath = path };
            }

            return dataset.CreateLoader(context).Load(path);
        }

        var other = IdxDataset.Read(path);
        if (other.Height != dataset.Height || other.Width != dataset.Width)
        {
            throw new DataValidationException($"'{path}' holds {other.Height}x{other.Width} images; the training images are {dataset.Height}x{dataset.Width}.") { FilePath = path };
        }

        return other.Load(context);
    }

    /// <inheritdoc />
    public void Configure(NasExperiment experiment, IReadOnlyList<string> trainers) =>
        image.Configure(experiment, ml.Transforms.NormalizeGlobalContrast(CandidateContext.FeatureColumn, IdxDataset.PixelColumn, ensureZeroMean: true, ensureUnitStandardDeviation: true), trainers);
}
