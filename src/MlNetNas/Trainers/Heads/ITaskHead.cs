using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Onnx;
using MlNetNas.Training;

namespace MlNetNas.Trainers.Heads;

/// <summary>
/// Everything a NAS trainer does differently per task, in one place per task: which label type it reads and how a
/// label becomes a training target, the training objective, how many outputs the network has, the ONNX output after
/// the network, and the ML.NET head that turns that output into the standard columns (<c>Score</c>,
/// <c>PredictedLabel</c>, <c>Probability</c>).
/// </summary>
internal interface ITaskHead
{
    /// <summary>The task.</summary>
    NasTaskKind Kind { get; }

    /// <summary>The loss the network trains with.</summary>
    TrainingObjective Objective { get; }

    /// <summary>The ONNX output's name.</summary>
    string OutputName { get; }

    /// <summary>The label type the task reads, for error messages ("a key type (use MapValueToKey)").</summary>
    string ExpectedLabel { get; }

    /// <summary>Whether <paramref name="label"/> has the task's label type.</summary>
    bool Accepts(DataViewSchema.Column label);

    /// <summary>The network's output count; <paramref name="classNames"/> holds the classes for multiclass, else is empty.</summary>
    int Outputs(IReadOnlyList<string> classNames);

    /// <summary>The class names of a label column (multiclass), else empty.</summary>
    IReadOnlyList<string> ClassNames(DataViewSchema.Column label);

    /// <summary>A reader of the current row's training target: NaN for a missing label (the row is skipped).</summary>
    Func<float> TargetGetter(DataViewRowCursor cursor, DataViewSchema.Column label);

    /// <summary>Adds the nodes after the network's raw output <paramref name="raw"/> and returns the value to name <see cref="OutputName"/>.</summary>
    string EmitOnnxOutput(OnnxGraphBuilder onnx, string raw, TrainedNetwork network);

    /// <summary>The exact ML.NET head after <c>ApplyOnnxModel</c>, fitted on synthetic rows of the ONNX output's type.</summary>
    IEnumerable<ITransformer> BuildMlNetHead(MLContext ml, NetworkOnnxExport export, VectorDataViewType outputType, IReadOnlyList<string> classNames);

    /// <summary>A built-in trainer of the same task, whose output schema the NAS trainer declares (ML.NET cannot build schema columns outside itself).</summary>
    IEstimator<ITransformer> OutputSchemaStandIn(MLContext ml, string labelColumn, string featureColumn);
}
