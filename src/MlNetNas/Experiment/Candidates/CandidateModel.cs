using Microsoft.ML;

namespace MlNetNas.Experiment.Candidates;

/// <summary>A candidate's fitted model and, for networks, its architecture, epochs and ONNX bytes.</summary>
public sealed record CandidateModel(ITransformer Model, string? Architecture = null, int? Epochs = null, byte[]? Onnx = null, string? ArchitectureJson = null);
