using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetNas.Onnx;
using MlNetNas.Training;

namespace MlNetNas.Trainers.Heads;

/// <summary>Binary classification: a Boolean label, one logit; scalar <c>Score</c>, <c>Probability</c> and Boolean <c>PredictedLabel</c> through an exact perceptron and a sigmoid calibrator.</summary>
internal sealed class BinaryHead : ITaskHead
{
    public NasTaskKind Kind => NasTaskKind.BinaryClassification;

    public TrainingObjective Objective => TrainingObjective.BinaryClassification;

    public string OutputName => "nas_logit";

    public string ExpectedLabel => "Boolean";

    public bool Accepts(DataViewSchema.Column label) => label.Type is BooleanDataViewType;

    public int Outputs(IReadOnlyList<string> classNames) => 1;

    public IReadOnlyList<string> ClassNames(DataViewSchema.Column label) => [];

    public Func<float> TargetGetter(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        var flag = cursor.GetGetter<bool>(label);
        bool b = false;
        return () => { flag(ref b); return b ? 1f : 0f; };
    }

    public string EmitOnnxOutput(OnnxGraphBuilder onnx, string raw, TrainedNetwork network) => raw;

    public IEnumerable<ITransformer> BuildMlNetHead(MLContext ml, NetworkOnnxExport export, VectorDataViewType outputType, IReadOnlyList<string> classNames)
    {
        var rows = ExactHeadParts.OneSlotRows(ml, export.OutputName, outputType, [(1f, true), (0f, false)], BooleanDataViewType.Instance);
        var head = ml.BinaryClassification.Trainers.AveragedPerceptron(
            ExactHeadParts.SingleExactStep(new AveragedPerceptronTrainer.Options { LossFunction = new HingeLoss(), LearningRate = 1f }, export.OutputName)).Fit(rows);
        ExactHeadParts.CheckIdentity(head.Model.Weights, head.Model.Bias, "binary");
        var scored = head.Transform(rows);
        var calibrator = ml.BinaryClassification.Calibrators.Platt(slope: -1, offset: 0).Fit(scored);
        return [head, calibrator];
    }

    public IEstimator<ITransformer> OutputSchemaStandIn(MLContext ml, string labelColumn, string featureColumn) =>
        ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumn, featureColumn);
}
