using System.Globalization;

namespace MlNetNas.Cli.Commands;

/// <summary>
/// How a training command compares trials: k-fold cross-validation, a validation file, or one 20% split. A file of fewer
/// than <see cref="SmallFileRows"/> rows gets <see cref="DefaultFolds"/> folds unless told otherwise: on a few hundred
/// rows one split picks its winner by the noise of some dozens of validation rows. Below <see cref="RepeatedFileRows"/>
/// rows that default partitions the rows <see cref="DefaultRepeats"/> times (repeated k-fold): each fold there holds so
/// few rows that one partition's luck still moves a trial's score.
/// </summary>
internal sealed record ValidationPlan(int? Folds, bool ValidationFile, long? Rows, bool ByDefault)
{
    /// <summary>How many times cross-validation partitions the rows (repeated k-fold); 1: once.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Whether <see cref="Repeats"/> is the small-file default rather than what was asked for.</summary>
    public bool RepeatsByDefault { get; init; }

    /// <summary>Files cross-validated by default with fewer rows than this are partitioned <see cref="DefaultRepeats"/> times.</summary>
    public const int RepeatedFileRows = 1000;

    /// <summary>The partitions of the smallest files' default.</summary>
    public const int DefaultRepeats = 2;

    /// <summary>Files with fewer rows than this are cross-validated by default.</summary>
    public const int SmallFileRows = 2000;

    /// <summary>The folds of the small-file default.</summary>
    public const int DefaultFolds = 5;

    /// <summary>
    /// The plan for <paramref name="folds"/> as given (null: not given; 1: one split), whether a validation file was
    /// given, and the training file's row count where the default may apply (null for image data).
    /// </summary>
    /// <remarks>
    /// <paramref name="repeats"/> as given; null (not given): a file cross-validated by default with fewer than
    /// <see cref="RepeatedFileRows"/> rows is partitioned <see cref="DefaultRepeats"/> times, any other plan once.
    /// </remarks>
    public static ValidationPlan Choose(int? folds, bool validationFile, long? rows, int? repeats)
    {
        var plan = folds switch
        {
            >= 2 => new ValidationPlan(folds, false, rows, false),
            1 => new ValidationPlan(null, validationFile, rows, false),
            _ when !validationFile && rows is < SmallFileRows => new ValidationPlan(DefaultFolds, false, rows, true),
            _ => new ValidationPlan(null, validationFile, rows, false),
        };
        return repeats is { } given
            ? plan with { Repeats = given }
            : plan.ByDefault && rows < RepeatedFileRows ? plan with { Repeats = DefaultRepeats, RepeatsByDefault = true } : plan;
    }

    /// <summary>
    /// The command line as a study stores it: where <see cref="Repeats"/> is the small-file default, with
    /// <c>--cv-repeats</c> spelled out, so that a resumed run or a worker partitions the rows as this run does even
    /// under a later version's default.
    /// </summary>
    public IReadOnlyList<string> Pinned(IReadOnlyList<string> commandLine) =>
        RepeatsByDefault ? [.. commandLine, "--cv-repeats", Repeats.ToString(CultureInfo.InvariantCulture)] : commandLine;

    /// <summary>One line for the run's output, e.g. "validation: 5-fold cross-validation of 1,797 rows (fewer than 2,000: the default; --cv-folds 1 for one 20% split)".</summary>
    public string Describe()
    {
        string rows = Rows is { } n ? string.Create(CultureInfo.InvariantCulture, $" of {n:N0} rows") : string.Empty;
        if (Folds is { } k)
        {
            string repeated = Repeats > 1 ? $" repeated {Repeats} times ({Repeats * k} fits per trial)" : string.Empty;
            string why = RepeatsByDefault
                ? string.Create(CultureInfo.InvariantCulture, $" (fewer than {RepeatedFileRows:N0}: the default; --cv-repeats 1 for one partition, --cv-folds 1 for one 20% split)")
                : ByDefault ? string.Create(CultureInfo.InvariantCulture, $" (fewer than {SmallFileRows:N0}: the default; --cv-folds 1 for one 20% split)") : string.Empty;
            return $"validation: {k}-fold cross-validation{rows}{repeated}{why}";
        }

        return ValidationFile ? "validation: the --validation-dataset file" : $"validation: one seeded 20% split{rows}";
    }
}
