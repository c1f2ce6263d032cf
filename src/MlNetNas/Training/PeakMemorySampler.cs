using System.Diagnostics;

namespace MlNetNas.Training;

/// <summary>
/// The peak resident memory (RSS) of this process while it is alive: sampled every 50 ms on a timer, and once more
/// when read, so a short section still gets a figure. Native (libtorch) memory counts, which the GC's figures miss.
/// </summary>
public sealed class PeakMemorySampler : IDisposable
{
    private readonly Timer timer;
    private long peak;

    /// <summary>Starts sampling.</summary>
    public PeakMemorySampler()
    {
        Sample();
        timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The largest resident set seen so far, in bytes.</summary>
    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref peak);
        }
    }

    /// <inheritdoc />
    public void Dispose() => timer.Dispose();

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        long now = process.WorkingSet64;
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
        {
        }
    }
}
