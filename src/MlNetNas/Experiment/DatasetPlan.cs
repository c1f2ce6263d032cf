using Microsoft.ML;

namespace MlNetNas.Experiment;

/// <summary>
/// How an experiment splits its data for validation: a seeded hold-out fraction of the training rows, a given
/// validation set, or k seeded cross-validation folds (repeated <see cref="Repeats"/> times with other seeds).
/// </summary>
internal sealed record DatasetPlan(IDataView Train, IDataView? Validation, double Fraction, int Folds, int Repeats = 1)
{
    /// <summary>
    /// The validation rows as the data holds them (labels not prepared), the same rows <see cref="CreateSplits"/> scores
    /// trials on; null with cross-validation, where every row validates one fold.
    /// </summary>
    public IDataView? RawValidation(MLContext ml, int seed) =>
        Folds > 1 ? null : Validation ?? ml.Data.TrainTestSplit(Train, Fraction, seed: seed).TestSet;

    /// <summary>The (train, validation) pairs every trial is fitted and scored on, labels prepared.</summary>
    public List<(IDataView Train, IDataView Validation)> CreateSplits(MLContext ml, LabelPreparation labels, int seed)
    {
        if (Folds > 1)
        {
            // Repeat r partitions the rows anew (seed + 7,919·r, a prime stride, so the repeats of runs with neighbouring
            // seeds do not share partitions); the first is the unrepeated cross-validation's.
            return Enumerable.Range(0, Repeats)
                .SelectMany(r => ml.Data.CrossValidationSplit(Train, Folds, seed: RepeatSeed(seed, r)))
                .Select(f => (labels.Transform(f.TrainSet), labels.Transform(f.TestSet))).ToList();
        }

        if (Validation is null)
        {
            var split = ml.Data.TrainTestSplit(Train, Fraction, seed: seed);
            return [(labels.Transform(split.TrainSet), labels.Transform(split.TestSet))];
        }

        return [(labels.Transform(Train), labels.Transform(Validation))];
    }

    /// <summary>The partition seed of repeat <paramref name="repeat"/> (0: the run's own seed).</summary>
    public static int RepeatSeed(int seed, int repeat) => unchecked(seed + (7_919 * repeat));
}
