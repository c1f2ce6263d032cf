using MlNetNas.Architectures;
using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>
/// A network after training, with the weights of its best validation epoch, and what the run measured.
/// For regression, the module predicts standardized targets; <see cref="TargetMean"/> and
/// <see cref="TargetScale"/> undo that (the ONNX export folds them in).
/// </summary>
public sealed class TrainedNetwork : IDisposable
{
    internal TrainedNetwork(GraphModule module, TrainingObjective objective, IReadOnlyList<EpochReport> history, int bestEpoch, float targetMean, float targetScale)
    {
        Module = module;
        Objective = objective;
        History = history;
        BestEpoch = bestEpoch;
        TargetMean = targetMean;
        TargetScale = targetScale;
    }

    /// <summary>The trained module, in evaluation mode.</summary>
    public GraphModule Module { get; }

    /// <summary>The architecture.</summary>
    public ArchitectureGraph Graph => Module.Graph;

    /// <summary>The objective it was trained for.</summary>
    public TrainingObjective Objective { get; }

    /// <summary>One report per epoch run.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The epoch (1-based) whose weights the module holds.</summary>
    public int BestEpoch { get; }

    /// <summary>The epochs the schedule was planned for (after any shortening to a <see cref="TrainingOptions.TimeBudget"/>).</summary>
    public int PlannedEpochs { get; init; }

    /// <summary>How many epochs' weights the network averages (see <see cref="TrainingOptions.AverageLastEpochs"/>); 0 when it holds one epoch's.</summary>
    public int AveragedEpochs { get; init; }

    /// <summary>The best validation loss.</summary>
    public double BestValidationLoss => History[BestEpoch - 1].ValidationLoss;

    /// <summary>The mean added back to regression outputs (0 otherwise).</summary>
    public float TargetMean { get; }

    /// <summary>The scale applied to regression outputs (1 otherwise).</summary>
    public float TargetScale { get; }

    /// <summary>
    /// The network's outputs for rows of features, in the units of the targets for regression, as logits for
    /// classification; row-major [rows × outputs].
    /// </summary>
    public float[] Predict(float[] features, int rows)
    {
        using var noGrad = no_grad();
        Module.eval();
        var device = Module.parameters().FirstOrDefault()?.device ?? CPU;
        int width = Graph.InputShape.ElementCount;
        int batch = NetworkTrainer.EvaluationBatch(Graph);
        var result = new List<float>(rows * Graph.OutputShape.ElementCount);
        for (int start = 0; start < rows; start += batch)
        {
            using var scope = NewDisposeScope();
            int size = Math.Min(batch, rows - start);
            var input = tensor(features.AsSpan(start * width, size * width).ToArray(), [size, .. Graph.InputShape.Dimensions.Select(d => (long)d)], device: device);
            var output = Module.forward(input);
            if (Objective == TrainingObjective.Regression)
            {
                output = (output * TargetScale) + TargetMean;
            }

            result.AddRange(output.cpu().contiguous().data<float>().ToArray());
        }

        return result.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => Module.Dispose();
}
