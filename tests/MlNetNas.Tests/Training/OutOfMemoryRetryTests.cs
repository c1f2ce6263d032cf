using System.Runtime.InteropServices;
using MlNetNas.Training;

namespace MlNetNas.Tests.Training;

public sealed class OutOfMemoryRetryTests
{
    [Fact]
    public void RunningOutOfMemory_RetriesOnceWithHalfTheBatch()
    {
        var batches = new List<int>();
        int? heard = null;

        int result = OutOfMemoryRetry.Run(256, batch =>
        {
            batches.Add(batch);
            return batch == 256 ? throw new ExternalException("CUDA out of memory. Tried to allocate 2.00 GiB") : batch;
        }, half => heard = half);

        Assert.Equal(128, result);
        Assert.Equal([256, 128], batches);
        Assert.Equal(128, heard);
    }

    [Fact]
    public void RunningOutOfMemoryTwice_Propagates_SoTheTrialFails()
    {
        var batches = new List<int>();

        var error = Assert.Throws<ExternalException>(() => OutOfMemoryRetry.Run<int>(64, batch =>
        {
            batches.Add(batch);
            throw new ExternalException("[enforce fail at alloc_cpu.cpp:114] DefaultCPUAllocator: can't allocate memory");
        }));

        Assert.Equal([64, 32], batches);
        Assert.Contains("can't allocate memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherErrors_AreNotRetried()
    {
        int calls = 0;

        Assert.Throws<ArgumentException>(() => OutOfMemoryRetry.Run<int>(64, _ =>
        {
            calls++;
            throw new ArgumentException("bad shape");
        }));

        Assert.Equal(1, calls);
    }
}
