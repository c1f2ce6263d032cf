namespace MlNetNas.Training;

/// <summary>What one epoch of training measured (losses are the objective's, on standardized targets for regression).</summary>
public sealed record EpochReport(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, TimeSpan Elapsed);
