using Microsoft.ML;
using MlNetNas.Experiment;
using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Data;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Cli;

/// <summary>
/// What <c>image-classification</c> needs beyond the classification arguments: the image shape and its pixel
/// columns, the convolutional space (cell, mobile or auto: both), and a fixed cell if one is given; checked against the data file.
/// </summary>
internal sealed record ImageArguments(InputSpec Input, IReadOnlyList<string> PixelColumns, CellArchitecture? Cell, string Space = "auto")
{
    /// <summary>
    /// The share of the budget one network may use: convolutional trials are few and long, so they get a quarter
    /// (tabular networks a tenth).
    /// </summary>
    public const double TrialTimeFraction = 0.25;

    /// <summary>Checks the arguments against the file's columns.</summary>
    /// <exception cref="UsageException">The shape is missing or malformed, it does not match the pixel columns, or a setting is unknown.</exception>
    public static ImageArguments Read(string? shape, string space, string? cell, DataFileSchema schema)
    {
        if (shape is null)
        {
            throw new UsageException($"image-classification on '{schema.Path}' needs --image-shape (HxW or CxHxW, e.g. 8x8): the pixel columns do not say how they form an image.");
        }

        var (fixedCell, spaceName) = ReadSpace(space, cell);
        InputSpec input;
        try
        {
            input = InputSpec.ParseImageShape(shape);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--image-shape: {e.Message}");
        }

        var nonNumeric = schema.Columns.Where(c => c.Purpose is ColumnPurpose.Categorical or ColumnPurpose.Text).ToArray();
        if (nonNumeric.Length > 0)
        {
            throw new DataValidationException(
                $"Data file '{schema.Path}': column '{nonNumeric[0].Name}' (index {nonNumeric[0].Index}) is not numeric; every column but the label must be a pixel value. Ignore other columns with --ignore-cols.")
            { FilePath = schema.Path };
        }

        var pixels = schema.ColumnsOf(ColumnPurpose.Numeric).Select(c => c.Name).ToArray();
        if (pixels.Length != input.FlatWidth)
        {
            throw new DataValidationException(
                $"Data file '{schema.Path}' has {pixels.Length} pixel columns besides the label, but --image-shape {shape} needs {input.FlatWidth} ({input}). Check the shape, or ignore extra columns with --ignore-cols.")
            { FilePath = schema.Path };
        }

        return new ImageArguments(input, pixels, fixedCell, spaceName);
    }

    /// <summary>The arguments for an image folder or IDX file, whose input shape the data itself gives.</summary>
    public static ImageArguments ForInput(InputSpec input, string space, string? cell)
    {
        var (fixedCell, spaceName) = ReadSpace(space, cell);
        return new(input, [], fixedCell, spaceName);
    }

    /// <summary>The side given by --image-size, checked.</summary>
    public static int? ReadSize(int? size) => size is null or (>= 4 and <= 512)
        ? size
        : throw new UsageException($"--image-size must be between 4 and 512 pixels; got {size}.");

    private static (CellArchitecture? Cell, string Space) ReadSpace(string space, string? cell)
    {
        string spaceName = space.Trim().ToLowerInvariant();
        if (spaceName is not ("cell" or "mobile" or "auto"))
        {
            throw new UsageException($"Unknown --space '{space}'; expected cell, mobile or auto.");
        }

        if (cell is not null && spaceName == "mobile")
        {
            throw new UsageException("--cell keeps a NAS-Bench-201 cell, which the mobile space has none of; use --space cell or auto with it.");
        }

        try
        {
            return (cell is null ? null : CellArchitecture.Parse(cell), spaceName);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--cell: {e.Message}");
        }
    }

    /// <summary>
    /// The pixels in file order as "Features", missing pixels as 0, each image scaled to mean 0 and standard deviation 1
    /// (ML.NET's global contrast normalization): the same treatment for every pixel, as convolutions expect.
    /// </summary>
    public IEstimator<ITransformer> CreateFeaturizer(MLContext ml) =>
        ml.Transforms.Concatenate(CandidateContext.FeatureColumn, PixelColumns.ToArray())
            .Append(ml.Transforms.ReplaceMissingValues(CandidateContext.FeatureColumn, replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.DefaultValue))
            .Append(ml.Transforms.NormalizeGlobalContrast(CandidateContext.FeatureColumn, ensureZeroMean: true, ensureUnitStandardDeviation: true));

    /// <summary>Sets the experiment's featurizer, this input shape, the image trainers of <paramref name="trainers"/> and the image trial time share.</summary>
    public NasExperiment Configure(NasExperiment experiment, IEstimator<ITransformer> featurizer, IEnumerable<string> trainers) =>
        experiment.SetPipeline(featurizer).SetInputShape(Input).SetTrainers(CreateTrainers(trainers)).SetTrialTimeFraction(TrialTimeFraction);

    /// <summary>
    /// The candidates for the trainer names: the convolutional ones of the chosen --space only ("cell" keeps
    /// <see cref="Cell"/> when one was given), the others as named.
    /// </summary>
    /// <exception cref="UsageException">No trainer is left.</exception>
    public ICandidateTrainer[] CreateTrainers(IEnumerable<string> names)
    {
        var kept = names.Where(n => Space == "auto" || !CandidateTrainers.ImageNames.Contains(n) || n == Space).ToArray();
        return kept.Length == 0
            ? throw new UsageException($"--space {Space} leaves none of the --trainers; name {Space} among them.")
            : kept.Select(n => n == "cell" ? new NasCandidate(new CellFamily(Cell), "cell") : CandidateTrainers.Create(n)).ToArray();
    }
}
