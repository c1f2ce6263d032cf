using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetNas.Onnx;
using MlNetNas.Training;

namespace MlNetNas.Trainers.Heads;

/// <summary>Regression: a Single label, trained on standardized targets (undone in ONNX); scalar <c>Score</c> through an exact identity regressor.</summary>
internal sealed class RegressionHead : ITaskHead
{
    public NasTaskKind Kind => NasTaskKind.Regression;

    public TrainingObjective Objective => TrainingObjective.Regression;

    public string OutputName => "nas_score";

    public string ExpectedLabel => "Single";

    public bool Accepts(DataViewSchema.Column label) => label.Type == NumberDataViewType.Single;

    public int Outputs(IReadOnlyList<string> classNames) => 1;

    public IReadOnlyList<string> ClassNames(DataViewSchema.Column label) => [];

    public Func<float> TargetGetter(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        var number = cursor.GetGetter<float>(label);
        float f = 0;
        return () => { number(ref f); return f; };
    }

    public string EmitOnnxOutput(OnnxGraphBuilder onnx, string raw, TrainedNetwork network) =>
        onnx.AddNode("Add", [
            onnx.AddNode("Mul", [raw, onnx.AddInitializer("target_scale", [network.TargetScale])]),
            onnx.AddInitializer("target_mean", [network.TargetMean])]);

    public IEnumerable<ITransformer> BuildMlNetHead(MLContext ml, NetworkOnnxExport export, VectorDataViewType outputType, IReadOnlyList<string> classNames)
    {
        var rows = ExactHeadParts.OneSlotRows(ml, export.OutputName, outputType, [(1f, 1f), (0f, 0f)], NumberDataViewType.Single);
        var head = ml.Regression.Trainers.OnlineGradientDescent(
            ExactHeadParts.SingleExactStep(new OnlineGradientDescentTrainer.Options { LossFunction = new SquaredLoss(), LearningRate = 0.5f }, export.OutputName)).Fit(rows);
        ExactHeadParts.CheckIdentity(head.Model.Weights, head.Model.Bias, "regression");
        return [head];
    }

    public IEstimator<ITransformer> OutputSchemaStandIn(MLContext ml, string labelColumn, string featureColumn) =>
        ml.Regression.Trainers.Sdca(labelColumn, featureColumn);
}
