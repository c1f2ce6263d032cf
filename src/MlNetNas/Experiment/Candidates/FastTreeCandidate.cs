using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>ML.NET's FastTree boosted trees (one-versus-all for multiclass).</summary>
public sealed class FastTreeCandidate : ICandidateTrainer
{
    /// <inheritdoc />
    public string Name => "fasttree";

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(NasTask task) => new SearchSpace()
        .Add("leaves", new IntRangeOption(4, 128, logScale: true, defaultValue: 20))
        .Add("trees", new IntRangeOption(20, 500, logScale: true, defaultValue: 100))
        .Add("learning_rate", new FloatRangeOption(0.02, 0.5, logScale: true, defaultValue: 0.2))
        .Add("min_examples_per_leaf", new IntRangeOption(2, 64, logScale: true, defaultValue: 10));

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
