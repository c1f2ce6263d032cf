using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;

namespace MlNetNas.Cli.Sources;

/// <summary>A CSV of pixel columns with the image shape given: a fixed featurizer and the image input, convolutional trainers included.</summary>
internal sealed class PixelCsvSource(MLContext ml, DataFileSchema schema, ImageArguments image) : DelimitedFileSource(ml, schema)
{
    private readonly MLContext context = ml;

    /// <inheritdoc />
    public override string Summary => base.Summary + $"; images {image.Input} from {image.PixelColumns.Count} pixel columns, each scaled to mean 0 and deviation 1";

    /// <inheritdoc />
    public override void Configure(NasExperiment experiment, IReadOnlyList<string> trainers) =>
        image.Configure(experiment, image.CreateFeaturizer(context), trainers);
}
