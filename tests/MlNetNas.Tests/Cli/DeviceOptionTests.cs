using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>--device and --tf32 on a machine without CUDA (CI): the CPU fallback is said once, a CUDA demand is refused.</summary>
[Collection(TorchCollection.Name)]
public sealed class DeviceOptionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DeviceCuda_WithoutCuda_StopsAtOnceWithTheReason()
    {
        if (TorchSharp.torch.cuda.is_available())
        {
            return; // the refusal is what a CPU-only machine must say; a GPU machine trains instead
        }

        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--device", "cuda",
            "--train-time", "5", "--output", Path.Combine(_temp.Root, "out"));
        run.AssertFailed(2, "cuda", "not available", "--device auto");
        Assert.False(File.Exists(Path.Combine(_temp.Root, "out", "model.zip")));
    }

    [Fact]
    public async Task DeviceAuto_SaysOnceWhereNetworksTrain_AndTf32IsNamedAsCudaOnly()
    {
        var run = await CliRun.RunAsync(
            "classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--trainers", "nas",
            "--max-trials", "1", "--train-time", "120", "--seed", "1", "--tf32", "--output", Path.Combine(_temp.Root, "out"));
        run.AssertSucceeded();
        string line = Assert.Single(run.Out.Split('\n'), l => l.StartsWith("networks train on", StringComparison.Ordinal));
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Contains("TF32 matmuls on, convolutions on", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("networks train on cpu (--device auto: CUDA is not available", line, StringComparison.Ordinal);
            Assert.EndsWith("--tf32 applies to CUDA only", line.TrimEnd(), StringComparison.Ordinal);
        }
    }
}
