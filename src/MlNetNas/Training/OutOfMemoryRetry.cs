using System.Runtime.InteropServices;

namespace MlNetNas.Training;

/// <summary>
/// Runs a fit and, when it runs out of memory (CUDA's or the CPU allocator's, as TorchSharp reports them), runs it once
/// more with half the batch; a second failure propagates, so the trial is recorded as failed and the search goes on.
/// </summary>
internal static class OutOfMemoryRetry
{
    /// <summary>Whether <paramref name="e"/> says memory ran out.</summary>
    public static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException
        || (e is ExternalException && (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// <paramref name="fit"/> with <paramref name="batchSize"/>, then, after running out of memory, with half of it;
    /// <paramref name="halved"/> hears the new size before the second try.
    /// </summary>
    public static T Run<T>(int batchSize, Func<int, T> fit, Action<int>? halved = null)
    {
        try
        {
            return fit(batchSize);
        }
        catch (Exception e) when (IsOutOfMemory(e) && batchSize > 1)
        {
            // What the failed attempt held is garbage now; collect it before the second try asks for memory again.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            int half = batchSize / 2;
            halved?.Invoke(half);
            return fit(half);
        }
    }
}
