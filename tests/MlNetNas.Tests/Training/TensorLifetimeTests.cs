using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TensorLifetimeTests
{
    [Fact]
    public void ManyTrainings_LeaveNoMoreLiveTensorsThanCreatingTheModulesDoes()
    {
        var train = SyntheticData.Blobs(64, 5, seed: 1);
        var graph = MlpFamily.Build(5, 3, new MlpOptions { HiddenWidths = [8, 8], Normalization = NormalizationKind.Batch, Dropout = 0.1 });
        var options = new TrainingOptions { MaxEpochs = 4, BatchSize = 16, Device = "cpu" };
        void TrainOnce(int seed)
        {
            using var network = new NetworkTrainer(options with { Seed = seed }).Train(graph, TrainingObjective.MulticlassClassification, train, train);
            _ = network.Predict(train.Features, train.Rows);
        }

        TrainOnce(0); // warm-up: TorchSharp's own lazily created tensors

        // TorchSharp itself keeps counting a few tensors per module created and disposed (seen with a bare
        // nn.Linear); a training loop that leaks would add its own on top, once per batch, epoch or trial.
        long before = Tensor.TotalCount;
        for (int i = 0; i < 20; i++)
        {
            new GraphModule(graph).Dispose();
        }

        long modulesOnly = Tensor.TotalCount - before;
        before = Tensor.TotalCount;
        for (int seed = 1; seed <= 20; seed++)
        {
            TrainOnce(seed);
        }

        long trainings = Tensor.TotalCount - before;
        Assert.True(trainings - modulesOnly < 5, $"20 trainings left {trainings} tensors counted, creating 20 modules alone {modulesOnly}");
    }
}
