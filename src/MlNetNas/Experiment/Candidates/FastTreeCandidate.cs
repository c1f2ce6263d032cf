using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>ML.NET's FastTree boosted trees (one-versus-all for multiclass).</summary>
public sealed class FastTreeCandidate : ICandidateTrainer, IFitCostEstimator
{
    /// <inheritdoc />
    public string? SizeParameter => "trees";

    /// <inheritdoc />
    public int MinimumSize => 20;

    /// <inheritdoc />
    public string Name => "fasttree";

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(NasTask task) => new SearchSpace()
        .Add("leaves", new IntRangeOption(4, 128, logScale: true, defaultValue: 20))
        .Add("trees", new IntRangeOption(20, 500, logScale: true, defaultValue: 100))
        .Add("learning_rate", new FloatRangeOption(0.02, 0.5, logScale: true, defaultValue: 0.2))
        .Add("min_examples_per_leaf", new IntRangeOption(2, 64, logScale: true, defaultValue: 10));

    /// <summary>
    /// Measured: each tree costs about 1.6e-4 s per feature (split finding over the bins) plus 3.7e-9 s per row × feature
    /// (histograms), once per class for one-versus-all, and grows with the leaves a tree can reach (at most rows / minimum
    /// examples per leaf) to the power 0.6; binning adds about 7.5e-4 s per feature and class. 300 rows × 2000 features ×
    /// 3 classes, 100 trees: 94 s; 80,000 rows × 10 features, regression: 1.3 s; optdigits, 113 trees of 4 and of 102 leaves: 1.8 and 12 s.
    /// </summary>
    public double EstimateSeconds(Parameter parameter, DataShape shape)
    {
        double leaves = Math.Min(parameter["leaves"].AsInt(), Math.Max(2, shape.Rows / (double)parameter["min_examples_per_leaf"].AsInt()));
        double perTree = shape.Features * (1.6e-4 + (3.7e-9 * shape.Rows)) * Math.Pow(leaves / 20, 0.6);
        return 0.3 + (shape.Classes * ((7.5e-4 * shape.Features) + (parameter["trees"].AsInt() * perTree)));
    }

    /// <inheritdoc />
    public CandidateModel Fit(CandidateContext context, Parameter parameter)
    {
        var ml = context.Context;
        int leaves = parameter["leaves"].AsInt();
        int trees = parameter["trees"].AsInt();
        double rate = parameter["learning_rate"].AsDouble();
        int minLeaf = parameter["min_examples_per_leaf"].AsInt();
        const string label = CandidateContext.LabelColumn, features = CandidateContext.FeatureColumn;
        FastTreeBinaryTrainer Binary() => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = label, FeatureColumnName = features, NumberOfLeaves = leaves, NumberOfTrees = trees,
            LearningRate = rate, MinimumExampleCountPerLeaf = minLeaf, NumberOfThreads = 1, Seed = context.Seed,
        });
        IEstimator<ITransformer> trainer = context.Task.Kind switch
        {
            NasTaskKind.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(Binary(), label),
            NasTaskKind.BinaryClassification => Binary(),
            _ => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, NumberOfLeaves = leaves, NumberOfTrees = trees,
                LearningRate = rate, MinimumExampleCountPerLeaf = minLeaf, NumberOfThreads = 1, Seed = context.Seed,
            }),
        };
        return new CandidateModel(trainer.Fit(context.Train));
    }
}
