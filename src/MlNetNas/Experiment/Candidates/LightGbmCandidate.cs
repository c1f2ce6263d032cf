using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>ML.NET's LightGBM (one thread per fit: LightGBM's fit times have a long tail with two threads on small machines).</summary>
public sealed class LightGbmCandidate : ICandidateTrainer, IFitCostEstimator, IStartingPoints
{
    /// <inheritdoc />
    public string? SizeParameter => "iterations";

    /// <inheritdoc />
    public int MinimumSize => 50;

    /// <inheritdoc />
    public string Name => "lightgbm";

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(NasTask task) => new SearchSpace()
        // Defaults equal what LightGBM picks for data up to 100k rows, so the first trial is the library default.
        .Add("leaves", new IntRangeOption(4, 256, logScale: true, defaultValue: 20))
        .Add("learning_rate", new FloatRangeOption(0.01, 0.5, logScale: true, defaultValue: 0.2))
        .Add("iterations", new IntRangeOption(50, 800, logScale: true, defaultValue: 100))
        .Add("min_examples_per_leaf", new IntRangeOption(2, 64, logScale: true, defaultValue: 20));

    /// <summary>
    /// After the library default: its 31 leaves with more, slower trees; a large model with small leaves for larger data
    /// (AutoGluon's "GBMLarge" shape); a small, shallow one for small data.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Parameter>> StartingPoints(NasTask task) =>
    [
        Point(("leaves", Parameter.FromInt(31)), ("learning_rate", Parameter.FromDouble(0.05)), ("iterations", Parameter.FromInt(300))),
        Point(("leaves", Parameter.FromInt(128)), ("learning_rate", Parameter.FromDouble(0.03)), ("iterations", Parameter.FromInt(500)), ("min_examples_per_leaf", Parameter.FromInt(5))),
        Point(("leaves", Parameter.FromInt(8)), ("learning_rate", Parameter.FromDouble(0.1)), ("iterations", Parameter.FromInt(200)), ("min_examples_per_leaf", Parameter.FromInt(10))),
    ];

    /// <summary>
    /// Measured: about 5e-9 s per row × feature for each tree (one per class and iteration), more with more leaves, plus
    /// 0.2 s; 20,000 rows × 50 features × 5 classes, 400 iterations: 11 s. On sparse rows (text n-grams, where the shape's
    /// features are the non-zeros of a row plus a hundredth of the slots) about 2.5 times that: corefx issues, 1,034 rows of
    /// 658 non-zeros among 154,554 slots, 22 classes, the default: 56 s against 25 s so estimated.
    /// </summary>
    public double EstimateSeconds(Parameter parameter, DataShape shape) =>
        0.2 + ((shape.NonZeroPerRow is null ? 1 : 2.5) * 5e-9 * shape.Classes * parameter["iterations"].AsInt() * shape.Rows * shape.Features * Math.Pow(parameter["leaves"].AsInt() / 20.0, 0.6));

    /// <inheritdoc />
    public CandidateModel Fit(CandidateContext context, Parameter parameter)
    {
        var ml = context.Context;
        int leaves = parameter["leaves"].AsInt();
        double rate = parameter["learning_rate"].AsDouble();
        int iterations = parameter["iterations"].AsInt();
        int minLeaf = parameter["min_examples_per_leaf"].AsInt();
        const string label = CandidateContext.LabelColumn, features = CandidateContext.FeatureColumn;
        IEstimator<ITransformer> trainer = context.Task.Kind switch
        {
            NasTaskKind.MulticlassClassification => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, NumberOfLeaves = leaves, LearningRate = rate,
                NumberOfIterations = iterations, MinimumExampleCountPerLeaf = minLeaf, NumberOfThreads = 1, Seed = context.Seed,
            }),
            NasTaskKind.BinaryClassification => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, NumberOfLeaves = leaves, LearningRate = rate,
                NumberOfIterations = iterations, MinimumExampleCountPerLeaf = minLeaf, NumberOfThreads = 1, Seed = context.Seed,
            }),
            _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, NumberOfLeaves = leaves, LearningRate = rate,
                NumberOfIterations = iterations, MinimumExampleCountPerLeaf = minLeaf, NumberOfThreads = 1, Seed = context.Seed,
            }),
        };
        return new CandidateModel(trainer.Fit(context.Train));
    }

    private static IReadOnlyDictionary<string, Parameter> Point(params (string Key, Parameter Value)[] settings) => settings.ToDictionary(s => s.Key, s => s.Value);
}
