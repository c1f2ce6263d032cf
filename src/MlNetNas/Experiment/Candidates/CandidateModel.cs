using Microsoft.ML;
using MlNetNas.Onnx;

namespace MlNetNas.Experiment.Candidates;

/// <summary>A candidate's fitted model and, for networks, its architecture, epochs and ONNX export.</summary>
public sealed record CandidateModel(ITransformer Model, string? Architecture = null, int? Epochs = null, NetworkOnnxExport? Network = null, string? ArchitectureJson = null, int? BestEpoch = null)
{
    /// <summary>True when the pruner stopped the training early; the model holds the best weights reached by then.</summary>
    public bool Pruned { get; init; }

    /// <summary>For networks: the epochs the schedule was planned for, which a refit replays.</summary>
    public int? PlannedEpochs { get; init; }

    /// <summary>
    /// Whether ensemble selection may pool this model (default true). A model that holds native sessions of its own
    /// (a text network's tokenizer and ONNX steps) and no shared-feature export stays out: the incumbent disposes the models
    /// it drops, and an ensemble would then score with a disposed member.
    /// </summary>
    public bool JoinsEnsembles { get; init; } = true;

    /// <summary>For networks: the validation loss after each epoch of this fit.</summary>
    public LearningCurve? LearningCurve { get; init; }
}
