using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;

namespace MlNetNas.Tests.Training;

/// <summary>The training loop's callbacks, label smoothing and image augmentation.</summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingLoopTests
{
    private static readonly TrainingOptions Fast = new() { MaxEpochs = 6, BatchSize = 16, LearningRate = 3e-3, Device = "cpu", Seed = 5, EarlyStoppingPatience = 0 };

    [Fact]
    public void StepCallback_StopsInsideTheFirstEpoch_AndTheRunStillValidates()
    {
        var train = SyntheticData.Blobs(320, 4, seed: 1); // 20 batches an epoch
        var validation = SyntheticData.Blobs(60, 4, seed: 2);
        var stopAtThree = new CountingCallback(stopAfterStep: 3);

        using var network = new NetworkTrainer(Fast).Train(
            MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [8] }), TrainingObjective.MulticlassClassification, train, validation, [stopAtThree]);

        Assert.Equal(3, stopAtThree.Steps);
        var only = Assert.Single(network.History);
        Assert.True(double.IsFinite(only.ValidationLoss));
        Assert.Equal(1, network.BestEpoch);
    }

    [Fact]
    public void EpochCallbacks_SeeEveryEpochInOrder_UntilOneStops()
    {
        var train = SyntheticData.Blobs(64, 4, seed: 1);
        var validation = SyntheticData.Blobs(30, 4, seed: 2);
        var seen = new List<int>();

        using var network = new NetworkTrainer(Fast).Train(
            MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [8] }), TrainingObjective.MulticlassClassification, train, validation,
            [new EpochCallback(r => { seen.Add(r.Epoch); return r.Epoch < 4; })]);

        Assert.Equal([1, 2, 3, 4], seen);
        Assert.Equal(4, network.History.Count);
    }

    private static EpochReport At(int epoch, double loss) => new(epoch, loss, loss, 1e-3, TimeSpan.Zero);

    [Fact]
    public void EarlyStopping_StopsAfterPatienceEpochsWithoutBetterLoss()
    {
        var rule = new EarlyStopping(2);

        Assert.True(rule.ContinueAfterEpoch(At(1, 1.0)));
        Assert.True(rule.ContinueAfterEpoch(At(2, 0.5)));
        Assert.True(rule.ContinueAfterEpoch(At(3, 0.6)));
        Assert.False(rule.ContinueAfterEpoch(At(4, 0.7)));
    }

    [Fact]
    public void EarlyStopping_CountsNothingBeforeItsFirstEpoch()
    {
        var rule = new EarlyStopping(2, firstEpoch: 5);

        Assert.True(rule.ContinueAfterEpoch(At(1, 0.5)));
        Assert.True(rule.ContinueAfterEpoch(At(2, 0.6)));
        Assert.True(rule.ContinueAfterEpoch(At(3, 0.7)));
        Assert.True(rule.ContinueAfterEpoch(At(4, 0.8)));
        Assert.True(rule.ContinueAfterEpoch(At(5, 0.9)));
        Assert.False(rule.ContinueAfterEpoch(At(6, 0.9)));
    }

    [Fact]
    public void UnderACosineRate_EarlyStoppingWaitsForTheSecondHalf_AndUnderAConstantOneItDoesNot()
    {
        // Validation rows from another distribution than the training rows: the validation loss worsens from the
        // first epochs on, so only the rule's first epoch decides when a run stops.
        var train = SyntheticData.Blobs(120, 4, seed: 1);
        var validation = new TrainingData(SyntheticData.Blobs(30, 4, seed: 2).Features, 4, Enumerable.Range(0, 30).Select(i => (float)((i + 1) % 3)).ToArray());
        var graph = MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [16] });
        var options = Fast with { MaxEpochs = 30, MinimumSteps = 0, EarlyStoppingPatience = 2, LearningRate = 3e-2 };

        using var cosine = new NetworkTrainer(options with { Schedule = LearningRateSchedule.Cosine }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var constant = new NetworkTrainer(options with { Schedule = LearningRateSchedule.Constant }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        Assert.True(cosine.History.Count >= 17, $"the cosine run stopped at epoch {cosine.History.Count}, in its first half");
        Assert.True(constant.History.Count < 15, $"the constant-rate run went on to epoch {constant.History.Count}");
    }

    [Fact]
    public void LabelSmoothing_ChangesTheTrainingLoss_NotTheValidationLossDefinition()
    {
        var train = SyntheticData.Blobs(120, 4, seed: 1);
        var validation = SyntheticData.Blobs(30, 4, seed: 2);
        var graph = MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [8] });

        using var plain = new NetworkTrainer(Fast).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var smoothed = new NetworkTrainer(Fast with { LabelSmoothing = 0.2 }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        // Smoothed targets can never be fitted exactly: the training loss stays above the plain one.
        Assert.True(smoothed.History[^1].TrainLoss > plain.History[^1].TrainLoss, $"{smoothed.History[^1].TrainLoss} vs {plain.History[^1].TrainLoss}");
    }

    [Theory]
    [InlineData(ImageAugmentation.Crop)]
    [InlineData(ImageAugmentation.CropFlip)]
    public void Augmentation_IsSeeded_AndChangesTraining(ImageAugmentation augmentation)
    {
        var (train, validation) = (Images(96, seed: 1), Images(32, seed: 2));
        var graph = new CellOptions { StemChannels = 4 }.Build(InputSpec.Image(1, 6, 6), 2);
        var options = Fast with { MaxEpochs = 2 };

        using var none = new NetworkTrainer(options).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var first = new NetworkTrainer(options with { Augmentation = augmentation }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var second = new NetworkTrainer(options with { Augmentation = augmentation }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        Assert.Equal(first.History.Select(h => h.TrainLoss), second.History.Select(h => h.TrainLoss));
        Assert.NotEqual(none.History.Select(h => h.TrainLoss), first.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void CellNetwork_LearnsWhereTheBrightSquareIs()
    {
        var (train, validation) = (Images(240, seed: 3), Images(60, seed: 4));
        var graph = new CellOptions { StemChannels = 8 }.Build(InputSpec.Image(1, 6, 6), 2);

        using var network = new NetworkTrainer(Fast with { MaxEpochs = 8 }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        float[] logits = network.Predict(validation.Features, validation.Rows);
        int hits = Enumerable.Range(0, validation.Rows).Count(r => (logits[(2 * r) + 1] > logits[2 * r] ? 1 : 0) == (int)validation.Targets[r]);
        Assert.True(hits / (double)validation.Rows > 0.9, $"accuracy {hits}/{validation.Rows}");
    }

    [Fact]
    public void CellNetwork_TwoThreads_SameSeedGivesIdenticalLosses()
    {
        var (train, validation) = (Images(96, seed: 5), Images(32, seed: 6));
        var graph = new CellOptions { StemChannels = 8 }.Build(InputSpec.Image(1, 6, 6), 2);
        var options = Fast with { MaxEpochs = 2, CpuThreads = 2, Augmentation = ImageAugmentation.Crop };

        using var first = new NetworkTrainer(options).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var second = new NetworkTrainer(options).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        Assert.Equal(first.History.Select(h => h.ValidationLoss), second.History.Select(h => h.ValidationLoss));
    }

    [Fact]
    public void StrideTwoStem_HalvesA28PixelImageFirst()
    {
        var graph = new CellOptions { StemChannels = 4, StemStride = 2 }.Build(InputSpec.Image(1, 28, 28), 10);
        Assert.Equal(new TensorShape(4, 14, 14), graph.Shapes["stem_conv"]);
        Assert.Equal(new TensorShape(16, 4, 4), graph.Shapes["s2c0_n3"]);
    }

    [Fact]
    public void TimeBudget_ShortensTheScheduleToTheEpochsThatFit_AndTheRateDecaysWithin()
    {
        var train = SyntheticData.Blobs(64, 4, seed: 1);
        var validation = SyntheticData.Blobs(30, 4, seed: 2);
        var graph = MlpFamily.Build(4, 3, new MlpOptions { HiddenWidths = [8] });

        using var planned = new NetworkTrainer(Fast).Train(graph, TrainingObjective.MulticlassClassification, train, validation);
        using var budgeted = new NetworkTrainer(Fast with { TimeBudget = TimeSpan.FromTicks(1) }).Train(graph, TrainingObjective.MulticlassClassification, train, validation);

        Assert.Equal(Fast.MaxEpochs, planned.PlannedEpochs);
        Assert.Equal(Fast.MaxEpochs, planned.History.Count);
        Assert.Equal(1, budgeted.PlannedEpochs);
        Assert.Single(budgeted.History);
    }

    [Fact]
    public void EvaluationBatch_ShrinksForLargeConvolutionalNetworks()
    {
        var mlp = MlpFamily.Build(64, 10, new MlpOptions { HiddenWidths = [256, 128] });
        var wide = new CellOptions { StemChannels = 32, CellsPerStage = 3 }.Build(InputSpec.Image(1, 28, 28), 10);

        Assert.Equal(4096, NetworkTrainer.EvaluationBatch(mlp));
        int batch = NetworkTrainer.EvaluationBatch(wide);
        // A batch's intermediate values stay within 256 MB of floats.
        Assert.InRange(batch * wide.Shapes.Values.Sum(s => (long)s.ElementCount), 1, 64L << 20);
        Assert.True(batch < 100, $"batch {batch}");
    }

    /// <summary>6×6 noise images with a bright 2×2 square in the left (class 0) or right (class 1) half.</summary>
    private static TrainingData Images(int rows, int seed)
    {
        var rng = new Random(seed);
        var features = new float[rows * 36];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = r % 2;
            targets[r] = c;
            for (int p = 0; p < 36; p++)
            {
                features[(r * 36) + p] = (float)(rng.NextDouble() * 0.5);
            }

            int top = rng.Next(5), left = (c * 3) + rng.Next(2);
            foreach (int p in new[] { (top * 6) + left, (top * 6) + left + 1, ((top + 1) * 6) + left, ((top + 1) * 6) + left + 1 })
            {
                features[(r * 36) + p] += 2;
            }
        }

        return new TrainingData(features, 36, targets);
    }

    private sealed class CountingCallback(int stopAfterStep) : ITrainingCallback
    {
        public int Steps { get; private set; }

        public bool ContinueAfterStep(int step)
        {
            Steps = step;
            return step < stopAfterStep;
        }
    }
}
