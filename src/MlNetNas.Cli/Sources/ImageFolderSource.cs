using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data.Images;
using MlNetNas.Experiment;

namespace MlNetNas.Cli.Sources;

/// <summary>A folder of class sub-folders of pictures; model.zip reads a tab-separated list of <c>Label</c> and <c>ImagePath</c>.</summary>
internal sealed class ImageFolderSource(MLContext ml, ImageFolderDataset dataset, ImageArguments image) : ITrainingSource
{
    /// <inheritdoc />
    public IDataView Train { get; } = dataset.Load(ml);

    /// <inheritdoc />
    public string LabelColumn => ImageFolderDataset.LabelColumn;

    /// <inheritdoc />
    public string Summary => $"{dataset.Folder}: {dataset.Rows.Count} pictures in {dataset.Classes.Count} classes ({string.Join(", ", dataset.Classes.Take(10))}{(dataset.Classes.Count > 10 ? ", …" : string.Empty)}); "
        + $"resized to {dataset.Input} (planes × height × width, pixels scaled to [0, 1])";

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings => dataset.Warnings;

    /// <inheritdoc />
    public IDataLoader<IMultiStreamSource> CreateLoader(MLContext context) => ImageFolderDataset.CreateLoader(context);

    /// <inheritdoc />
    public MlNetNas.Data.DataFileLayout? Layout => null;

    /// <inheritdoc />
    public IDataView LoadLike(MLContext context, string path, ICollection<string> warnings) => ImageFolderDataset.Scan(path, like: dataset).Load(context);

    /// <inheritdoc />
    public void Configure(NasExperiment experiment, IReadOnlyList<string> trainers) =>
        image.Configure(experiment, dataset.CreateFeaturizer(ml), trainers);
}
