using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>ML.NET's linear trainers: SDCA or L-BFGS (maximum entropy / logistic regression; SDCA for regression).</summary>
public sealed class LinearCandidate : ICandidateTrainer, IStartingPoints, IFitCostEstimator
{
    /// <inheritdoc />
    public string? SizeParameter => null;

    /// <inheritdoc />
    public int MinimumSize => 0;

    /// <inheritdoc />
    public string Name => "linear";

    /// <summary>A regularisation sweep after the default's light L2: moderate and strong L2 (L-BFGS too, for classification).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Parameter>> StartingPoints(NasTask task) => task.Kind == NasTaskKind.Regression
        ? [L2(1e-2), L2(1)]
        : [L2(1e-2), L2(1), new Dictionary<string, Parameter> { ["algorithm"] = Parameter.FromString("lbfgs"), ["l2"] = Parameter.FromDouble(1e-2) }];

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(NasTask task) => new SearchSpace()
        .Add("algorithm", task.Kind == NasTaskKind.Regression ? new ChoiceOption("sdca") : new ChoiceOption("sdca", "lbfgs"))
        .Add("l2", new FloatRangeOption(1e-6, 1, logScale: true, defaultValue: 1e-4))
        .Add("l1", new FloatRangeOption(1e-6, 1, logScale: true, defaultValue: 1e-6));

    /// <summary>
    /// Measured: SDCA about 5e-6 s per row × feature × class where features outnumber rows (it runs more passes: 300 ×
    /// 2000 × 3 took 12 s) and about 1.2e-6 elsewhere (optdigits, 3,058 × 64 × 10: 1.7 s; digits, 1,150 × 64 × 10: 1.9 s
    /// for a first fit that includes ML.NET's warm-up; at 5e-6 for both, a 5-fold run on digits refused it every time),
    /// L-BFGS about 1e-6, plus 0.2 s. On sparse rows (text n-grams) the cost follows the non-zero
    /// slots: SDCA about 3e-7 s per row × non-zero × class, L-BFGS about 8e-6 (corefx issues, 1,292 rows of 658 non-zeros
    /// among 154,554 slots, 22 classes: SDCA 0.3–4.1 s, L-BFGS 72–137 s; SMS spam: 0.1 s and 2.4–3.2 s).
    /// </summary>
    public double EstimateSeconds(Parameter parameter, DataShape shape)
    {
        bool sdca = parameter["algorithm"].AsString() == "sdca";
        return shape.NonZeroPerRow is { } nonZero
            ? 0.2 + ((sdca ? 3e-7 : 8e-6) * shape.Rows * nonZero * shape.Classes)
            : 0.2 + ((sdca ? (shape.Features > shape.Rows ? 5e-6 : 1.2e-6) : 1e-6) * shape.Rows * shape.Features * shape.Classes);
    }

    /// <inheritdoc />
    public CandidateModel Fit(CandidateContext context, Parameter parameter)
    {
        var ml = context.Context;
        bool sdca = parameter["algorithm"].AsString() == "sdca";
        float l2 = parameter["l2"].AsFloat();
        float l1 = parameter["l1"].AsFloat();
        const string label = CandidateContext.LabelColumn, features = CandidateContext.FeatureColumn;
        IEstimator<ITransformer> trainer = (context.Task.Kind, sdca) switch
        {
            (NasTaskKind.MulticlassClassification, true) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, L2Regularization = l2, L1Regularization = l1, NumberOfThreads = 1,
            }),
            (NasTaskKind.MulticlassClassification, false) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, L2Regularization = l2, L1Regularization = l1, NumberOfThreads = 1,
            }),
            (NasTaskKind.BinaryClassification, true) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, L2Regularization = l2, L1Regularization = l1, NumberOfThreads = 1,
            }),
            (NasTaskKind.BinaryClassification, false) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, L2Regularization = l2, L1Regularization = l1, NumberOfThreads = 1,
            }),
            _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, L2Regularization = l2, L1Regularization = l1, NumberOfThreads = 1,
            }),
        };
        return new CandidateModel(trainer.Fit(context.Train));
    }

    private static IReadOnlyDictionary<string, Parameter> L2(double value) => new Dictionary<string, Parameter> { ["l2"] = Parameter.FromDouble(value) };
}
