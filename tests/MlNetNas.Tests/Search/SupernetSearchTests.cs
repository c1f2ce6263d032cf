using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Search.OneShot;
using MlNetNas.Tests.Training;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Search;

[Collection(TorchCollection.Name)]
public sealed class SupernetSearchTests
{
    private static readonly InputSpec Input = InputSpec.Image(1, 6, 6);

    [Theory]
    [InlineData(OneShotMethod.Enas)]
    [InlineData(OneShotMethod.Darts)]
    [InlineData(OneShotMethod.Gdas)]
    public void SeededSearch_IsReproducibleOnTheCpu(OneShotMethod method)
    {
        var first = Search(method, seed: 4);
        var second = Search(method, seed: 4);

        Assert.Equal(first.Cell, second.Cell);
        Assert.Equal(first.EpochCells, second.EpochCells);
        Assert.Equal(first.SupernetAccuracy, second.SupernetAccuracy);
        Assert.InRange(first.SupernetAccuracy, 0, 1);
        Assert.True(first.PeakResidentBytes > 0);
    }

    [Fact]
    public void Search_LearnsTheProblem_BetterThanChance()
    {
        var result = Search(OneShotMethod.Gdas, seed: 1, epochs: 20);
        Assert.True(result.SupernetAccuracy > 0.6, $"the supernet's path scored {result.SupernetAccuracy:F3} on three textures (chance 0.33)");
    }

    [Fact]
    public void Search_StopsAtItsTimeBudget()
    {
        var (train, validation) = Data();
        var options = new OneShotOptions { Method = OneShotMethod.Darts, MaxEpochs = 1000, TimeBudget = TimeSpan.FromSeconds(2), Skeleton = Skeleton, Device = "cpu", CpuThreads = 1 };
        var result = SupernetSearch.Run(Input, 3, train, validation, options);
        Assert.True(result.Duration < TimeSpan.FromSeconds(20), $"a 2 s search took {result.Duration.TotalSeconds:F1} s");
        Assert.True(result.Epochs < 1000);
    }

    [Fact]
    public void Search_NonImageInput_IsRefusedWithTheShape()
    {
        var (train, validation) = Data();
        var error = Assert.Throws<ArgumentException>(() => SupernetSearch.Run(InputSpec.Vector(36), 3, train, validation, new OneShotOptions()));
        Assert.Contains("[36]", error.Message);
    }

    [Fact]
    public void GumbelSample_PicksOneOperationPerEdge_WithUnitGatesThatCarryGradient()
    {
        random.manual_seed(1);
        using var logits = zeros(6, 5).requires_grad_(true);
        var (path, gates) = GumbelSample.Hard(logits, temperature: 1.0);
        Assert.Equal(6, path.Length);
        Assert.All(path, k => Assert.InRange(k, 0, 4));
        Assert.True(gates.allclose(ones(6)), "the straight-through gates must be 1 in value");
        gates.sum().backward();
        Assert.True(logits.grad!.abs().sum().item<float>() > 0, "no gradient reached the architecture logits");
    }

    private static CellOptions Skeleton => new() { StemChannels = 4, CellsPerStage = 1 };

    private static OneShotResult Search(OneShotMethod method, int seed, int epochs = 2)
    {
        var (train, validation) = Data();
        var options = new OneShotOptions
        {
            Method = method, Seed = seed, MaxEpochs = epochs, Skeleton = Skeleton, BatchSize = 16, ControllerSteps = 3, FinalSamples = 3,
            Device = "cpu", CpuThreads = 1, ArchitectureLearningRate = 3e-2,
        };
        return SupernetSearch.Run(Input, 3, train, validation, options);
    }

    private static (MlNetNas.Training.TrainingData Train, MlNetNas.Training.TrainingData Validation) Data() =>
        (SyntheticData.Stripes(192, 6, seed: 1), SyntheticData.Stripes(60, 6, seed: 2));
}
