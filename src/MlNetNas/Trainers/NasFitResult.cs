using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Onnx;
using MlNetNas.Training;

namespace MlNetNas.Trainers;

/// <summary>What a NAS trainer's fit produced: the saveable ML.NET model, the ONNX export, and the training record.</summary>
public sealed record NasFitResult(TransformerChain<ITransformer> Model, NetworkOnnxExport Onnx, IReadOnlyList<EpochReport> History, int BestEpoch, Architectures.ArchitectureGraph Graph)
{
    /// <summary>The epochs the learning-rate schedule was planned for (fewer than the options' when a time budget shortened it).</summary>
    public int PlannedEpochs { get; init; }
}
