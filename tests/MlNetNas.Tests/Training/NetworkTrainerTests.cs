using MlNetNas.Architectures.Families;
using MlNetNas.Training;

namespace MlNetNas.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class NetworkTrainerTests
{
    private static readonly TrainingOptions Fast = new() { MaxEpochs = 15, BatchSize = 32, LearningRate = 3e-3, Device = "cpu", Seed = 7 };

    [Fact]
    public void Train_SeparableBlobs_ReachesHighAccuracy()
    {
        var train = SyntheticData.Blobs(300, 6, seed: 1);
        var validation = SyntheticData.Blobs(90, 6, seed: 2);
        var graph = MlpFamily.Build(6, 3, new MlpOptions { HiddenWidths = [16] });

        using var network = new NetworkTrainer(Fast).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        float[] logits = network.Predict(validation.Features, validation.Rows);
        int hits = Enumerable.Range(0, validation.Rows).Count(r =>
        {
            var row = logits.AsSpan(r * 3, 3).ToArray();
            return Array.IndexOf(row, row.Max()) == (int)validation.Targets[r];
        });
        Assert.True(hits / (double)validation.Rows > 0.9, $"accuracy {hits}/{validation.Rows}");
    }

    [Fact]
    public void Train_SameSeedOnCpu_GivesIdenticalLossesAndWeights()
    {
        var train = SyntheticData.Blobs(200, 5, seed: 3);
        var validation = SyntheticData.Blobs(60, 5, seed: 4);
        var graph = MlpFamily.Build(5, 3, new MlpOptions { HiddenWidths = [16, 8], Normalization = NormalizationKind.Batch, Dropout = 0.1 });

        using var first = new NetworkTrainer(Fast).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var second = new NetworkTrainer(Fast).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var otherSeed = new NetworkTrainer(Fast with { Seed = 8 }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        Assert.Equal(first.History.Select(h => h.ValidationLoss), second.History.Select(h => h.ValidationLoss));
        Assert.Equal(first.Predict(validation.Features, validation.Rows), second.Predict(validation.Features, validation.Rows));
        Assert.NotEqual(first.History.Select(h => h.ValidationLoss), otherSeed.History.Select(h => h.ValidationLoss));
    }

    [Fact]
    public void Train_Regression_PredictsInTargetUnits()
    {
        var train = SyntheticData.Linear(400, 4, seed: 5);
        var validation = SyntheticData.Linear(100, 4, seed: 6);
        var graph = MlpFamily.Build(4, 1, new MlpOptions { HiddenWidths = [32] });

        using var network = new NetworkTrainer(Fast with { MaxEpochs = 40 }).Train(graph, TrainingObjective.Regression, train, validation);

        float[] predicted = network.Predict(validation.Features, validation.Rows);
        double mean = validation.Targets.Average();
        double ssRes = predicted.Zip(validation.Targets).Sum(p => Math.Pow(p.First - p.Second, 2));
        double ssTot = validation.Targets.Sum(t => Math.Pow(t - mean, 2));
        Assert.True(1 - (ssRes / ssTot) > 0.95, $"R² {1 - (ssRes / ssTot)}");
    }

    [Fact]
    public void WeightAveraging_LeavesTrainingAlone_AndKeepsTheAverageOnlyWhereItValidatesBetter()
    {
        var train = SyntheticData.Blobs(300, 6, seed: 11);
        var validation = SyntheticData.Blobs(90, 6, seed: 12);
        var graph = MlpFamily.Build(6, 3, new MlpOptions { HiddenWidths = [32], Dropout = 0.2 });
        var options = Fast with { MaxEpochs = 12, Schedule = LearningRateSchedule.Constant, LearningRate = 1e-2 };

        using var plain = new NetworkTrainer(options).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var averaged = new NetworkTrainer(options with { AverageLastEpochs = 5 }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        Assert.Equal(plain.History.Select(h => h.ValidationLoss), averaged.History.Select(h => h.ValidationLoss));
        double plainLoss = CrossEntropy(plain, validation), averagedLoss = CrossEntropy(averaged, validation);
        if (averaged.AveragedEpochs > 0)
        {
            Assert.Equal(5, averaged.AveragedEpochs);
            Assert.Equal(averaged.History.Count, averaged.BestEpoch);
            Assert.True(averagedLoss < plainLoss, $"the average was kept at {averagedLoss} against the best epoch's {plainLoss}");
        }
        else
        {
            Assert.Equal(plainLoss, averagedLoss, 6);
        }

        // A refit keeps its last epoch anyway: there the average always replaces it.
        using var refit = new NetworkTrainer(options with { AverageLastEpochs = 3, KeepBestEpoch = false }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        Assert.Equal(3, refit.AveragedEpochs);
    }

    private static double CrossEntropy(TrainedNetwork network, TrainingData data)
    {
        float[] logits = network.Predict(data.Features, data.Rows);
        int classes = logits.Length / data.Rows;
        return Enumerable.Range(0, data.Rows).Average(r =>
        {
            var row = logits.AsSpan(r * classes, classes).ToArray();
            double max = row.Max(), log = Math.Log(row.Sum(v => Math.Exp(v - max))) + max;
            return log - row[(int)data.Targets[r]];
        });
    }

    [Fact]
    public void FlatCosine_HoldsTheRateForHalfTheEpochs_ThenAnnealsIt()
    {
        var train = SyntheticData.Blobs(60, 4, seed: 13);
        var graph = MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [8] });
        using var network = new NetworkTrainer(Fast with { MaxEpochs = 10, LearningRate = 0.01, Schedule = LearningRateSchedule.FlatCosine })
            .Train(graph, TrainingObjective.MulticlassClassification, train, train);

        double[] rates = network.History.Select(h => h.LearningRate).ToArray();
        Assert.Equal(10, rates.Length);
        Assert.All(rates.Take(6), r => Assert.Equal(0.01, r, 12));
        Assert.All(rates.Skip(5).Zip(rates.Skip(6)), p => Assert.True(p.Second < p.First, $"{p.Second} after {p.First}"));
        Assert.InRange(rates[^1], 1e-4, 0.001);
    }

    [Fact]
    public void Train_HugeLearningRate_ThrowsDiverged()
    {
        var train = SyntheticData.Linear(100, 4, seed: 5);
        var graph = MlpFamily.Build(4, 1, new MlpOptions { HiddenWidths = [64, 64] });
        var options = Fast with { LearningRate = 1e30, Optimizer = OptimizerKind.Sgd, Schedule = LearningRateSchedule.Constant };

        Assert.Throws<TrainingDivergedException>(() => new NetworkTrainer(options).Train(graph, TrainingObjective.Regression, train, train));
    }

    [Fact]
    public void Train_EarlyStopping_StopsBeforeMaxEpochsAndKeepsBestEpoch()
    {
        // Random labels cannot be learned: validation loss rises quickly, so patience ends the run.
        var train = SyntheticData.Blobs(120, 4, seed: 9);
        var noise = new TrainingData(train.Features, 4, train.Targets.Select((_, i) => (float)((i * 7919) % 3)).ToArray());
        var graph = MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [128, 128] });
        var options = Fast with { MaxEpochs = 200, EarlyStoppingPatience = 3, LearningRate = 1e-2, Schedule = LearningRateSchedule.Constant };

        using var network = new NetworkTrainer(options).Train(graph, TrainingObjective.MulticlassClassification, noise, SyntheticData.Blobs(60, 4, seed: 10));

        Assert.True(network.History.Count < 200);
        Assert.Equal(network.History.Min(h => h.ValidationLoss), network.BestValidationLoss);
    }

    [Fact]
    public void Train_CallbackReturnsFalse_StopsAtThatEpoch()
    {
        var train = SyntheticData.Blobs(100, 4, seed: 1);
        var graph = MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [8] });

        using var network = new NetworkTrainer(Fast).Train(graph, TrainingObjective.MulticlassClassification, train, train, onEpoch: r => r.Epoch < 3);

        Assert.Equal(3, network.History.Count);
    }
}
