using System.Globalization;

namespace MlNetNas.Cli.Commands;

/// <summary>
/// How a training command compares trials: k-fold cross-validation, a validation file, or one 20% split. A file of fewer
/// than <see cref="SmallFileRows"/> rows gets <see cref="DefaultFolds"/> folds unless told otherwise: on a few hundred
/// rows one split picks its winner by the noise of some dozens of validation rows.
/// </summary>
internal sealed record ValidationPlan(int? Folds, bool ValidationFile, long? Rows, bool ByDefault)
{
    /// <summary>How many times cross-validation partitions the rows (repeated k-fold); 1: once.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Files with fewer rows than this are cross-validated by default.</summary>
    public const int SmallFileRows = 2000;

    /// <summary>The folds of the small-file default.</summary>
    public const int DefaultFolds = 5;

    /// <summary>
    /// The plan for <paramref name="folds"/> as given (null: not given; 1: one split), whether a validation file was
    /// given, and the training file's row count where the default may apply (null for image data).
    /// </summary>
    public static ValidationPlan Choose(int? folds, bool validationFile, long? rows) => folds switch
    {
        >= 2 => new ValidationPlan(folds, false, rows, false),
        1 => new ValidationPlan(null, validationFile, rows, false),
        _ when !validationFile && rows is < SmallFileRows => new ValidationPlan(DefaultFolds, false, rows, true),
        _ => new ValidationPlan(null, validationFile, rows, false),
    };

    /// <summary>One line for the run's output, e.g. "validation: 5-fold cross-validation of 455 rows (fewer than 2,000: the default; --cv-folds 1 for one 20% split)".</summary>
    public string Describe()
    {
        string rows = Rows is { } n ? string.Create(CultureInfo.InvariantCulture, $" of {n:N0} rows") : string.Empty;
        if (Folds is { } k)
        {
            string repeated = Repeats > 1 ? $" repeated {Repeats} times ({Repeats * k} fits per trial)" : string.Empty;
            return ByDefault
                ? string.Create(CultureInfo.InvariantCulture, $"validation: {k}-fold cross-validation{rows}{repeated} (fewer than {SmallFileRows:N0}: the default; --cv-folds 1 for one 20% split)")
                : $"validation: {k}-fold cross-validation{rows}{repeated}";
        }

        return ValidationFile ? "validation: the --validation-dataset file" : $"validation: one seeded 20% split{rows}";
    }
}
