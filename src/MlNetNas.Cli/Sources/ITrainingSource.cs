using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;

namespace MlNetNas.Cli.Sources;

/// <summary>
/// Where a training command's data comes from (a delimited file, a CSV of pixels, an image folder): the rows, the
/// loader saved in model.zip, how other files of the same kind load, and how it sets up the experiment.
/// </summary>
internal interface ITrainingSource
{
    /// <summary>The training rows.</summary>
    IDataView Train { get; }

    /// <summary>The label column of <see cref="Train"/>.</summary>
    string LabelColumn { get; }

    /// <summary>One line for the console: what was read.</summary>
    string Summary { get; }

    /// <summary>What was tolerated or skipped, one sentence each.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>The loader saved with model.zip, so <c>LoadWithDataLoader</c> reads files like the training data.</summary>
    IDataLoader<IMultiStreamSource> CreateLoader(MLContext ml);

    /// <summary>The training file's columns, saved in model.zip so that predict matches columns by name; null when the data has no columns (images).</summary>
    Data.DataFileLayout? Layout { get; }

    /// <summary>A validation or test set given as a path of the same kind as the training data.</summary>
    /// <exception cref="Data.DataValidationException">The path is missing or unlike the training data (a training column missing, named).</exception>
    IDataView LoadLike(MLContext ml, string path, ICollection<string> warnings);

    /// <summary>Sets the featurization, the input shape and the competing trainers of <paramref name="experiment"/>.</summary>
    void Configure(NasExperiment experiment, IReadOnlyList<string> trainers);
}
