using Microsoft.ML;
using MlNetNas.Onnx;

namespace MlNetNas.Experiment.Candidates;

/// <summary>A candidate's fitted model and, for networks, its architecture, epochs and ONNX export.</summary>
public sealed record CandidateModel(ITransformer Model, string? Architecture = null, int? Epochs = null, NetworkOnnxExport? Network = null, string? ArchitectureJson = null, int? BestEpoch = null);
