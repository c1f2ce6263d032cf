using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using Xunit;

namespace MlNetNas.Tests.Experiment.Budget;

/// <summary>A trial past its time limit is stopped through its MLContext, or abandoned where it runs; either way the caller goes on.</summary>
public sealed class TrialWatchdogTests : IDisposable
{
    private readonly TrialWatchdog watchdog = new();

    public void Dispose() => watchdog.Dispose();

    [Fact]
    public void FastTreePastItsLimit_IsStoppedThroughItsContext()
    {
        var ml = new MLContext(1);
        var data = WideData(ml);
        // 10,000 trees: minutes of boosting, unless the stop reaches FastTree.
        var trainer = ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options { NumberOfTrees = 10_000, NumberOfThreads = 1 });
        using var ended = new ManualResetEventSlim();

        var error = Assert.Throws<TrialTimeoutException>(() => watchdog.Run(
            () =>
            {
                try
                {
                    return trainer.Fit(data);
                }
                finally
                {
                    ended.Set();
                }
            },
            ml,
            TimeSpan.FromSeconds(3),
            "trial 1 (fasttree)",
            CancellationToken.None));

        Assert.True(TrialWatchdog.CanStopMlNet);
        Assert.StartsWith("trial 1 (fasttree) was ", error.Message, StringComparison.Ordinal);
        // Stopped within the grace period, or (on a loaded machine) soon after it was abandoned: either way it saw the stop.
        Assert.True(ended.Wait(TimeSpan.FromSeconds(60)), "FastTree did not stop when its context was cancelled");
    }

    [Fact]
    public void WorkThatIgnoresTheStop_IsAbandoned()
    {
        using var release = new ManualResetEventSlim();

        var error = Assert.Throws<TrialTimeoutException>(() => watchdog.Run(() => release.Wait(TimeSpan.FromSeconds(30)), new MLContext(1), TimeSpan.FromMilliseconds(100), "trial 2", CancellationToken.None));
        release.Set();

        Assert.Contains("abandoned where it runs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsAndErrors_OfATrialInTime_ComeBackAsTheyAre()
    {
        int value = watchdog.Run(() => 42, new MLContext(1), TimeSpan.FromSeconds(10), "trial 3", CancellationToken.None);
        var error = Assert.Throws<InvalidOperationException>(() => watchdog.Run<int>(() => throw new InvalidOperationException("bad rows"), new MLContext(1), TimeSpan.FromSeconds(10), "trial 4", CancellationToken.None));

        Assert.Equal(42, value);
        Assert.Equal("bad rows", error.Message);
    }

    [Fact]
    public void AfterAnAbandonedTrial_LaterTrialsRunOnANewWorker()
    {
        using var release = new ManualResetEventSlim();
        Assert.Throws<TrialTimeoutException>(() => watchdog.Run(() => release.Wait(TimeSpan.FromSeconds(30)), new MLContext(1), TimeSpan.FromMilliseconds(100), "stuck", CancellationToken.None));

        int value = watchdog.Run(() => 7, new MLContext(1), TimeSpan.FromSeconds(10), "next", CancellationToken.None);
        release.Set();

        Assert.Equal(7, value);
    }

    [Fact]
    public void EveryTrial_RunsOnTheSameWorkerThread()
    {
        int first = watchdog.Run(() => Environment.CurrentManagedThreadId, new MLContext(1), TimeSpan.FromSeconds(10), "a", CancellationToken.None);
        int second = watchdog.Run(() => Environment.CurrentManagedThreadId, new MLContext(1), TimeSpan.FromSeconds(10), "b", CancellationToken.None);

        Assert.Equal(first, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first);
    }

    [Fact]
    public void Cancellation_StopsTheTrial_AsOperationCanceled()
    {
        var ml = new MLContext(1);
        var data = WideData(ml);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options { NumberOfTrees = 500, NumberOfThreads = 1 });
        using var source = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.ThrowsAny<OperationCanceledException>(() => watchdog.Run(() => trainer.Fit(data), ml, TimeSpan.FromMinutes(5), "trial 5", source.Token));
    }

    /// <summary>200 rows × 500 random features: FastTree needs about half a minute for 500 trees.</summary>
    private static IDataView WideData(MLContext ml)
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 200).Select(i => new Row { Label = i % 2 == 0, Features = [.. Enumerable.Range(0, 500).Select(_ => (float)random.NextDouble())] }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        [VectorType(500)]
        public float[] Features { get; set; } = [];
    }
}
