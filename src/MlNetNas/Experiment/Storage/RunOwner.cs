using System.Diagnostics;
using System.Globalization;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// Who runs a study's run: host, process id and the process's start time, stored with the run and refreshed by a
/// heartbeat. Another process may take the run over only when its owner is gone: on this host, when that process no
/// longer exists; elsewhere, when its heartbeat is older than <see cref="StaleAfter"/>.
/// </summary>
public static class RunOwner
{
    /// <summary>How often a running experiment refreshes its heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>A heartbeat older than this means its process is gone (it beats every <see cref="HeartbeatInterval"/>).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>This process, as "host:pid:start-ticks".</summary>
    public static string Current { get; } = Describe();

    /// <summary>Whether <paramref name="owner"/>, last heard of at <paramref name="heartbeatUtc"/>, may still be running the run.</summary>
    public static bool IsAlive(string? owner, DateTime? heartbeatUtc)
    {
        if (string.IsNullOrEmpty(owner) || owner == Current)
        {
            return false;
        }

        string[] parts = owner.Split(':');
        if (parts.Length == 3 && parts[0] == Environment.MachineName && int.TryParse(parts[1], out int pid)
            && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long recorded))
        {
            // The same process if its start time matches (a pid reused later starts later); two processes reading one start
            // time differ by the clock's rounding (Linux derives it from the boot time and jiffies), hence the tolerance.
            return ProcessStartTicks(pid) is { } ticks && Math.Abs(ticks - recorded) < TimeSpan.TicksPerSecond;
        }

        return heartbeatUtc is { } beat && DateTime.UtcNow - beat < StaleAfter;
    }

    /// <summary>The owner for a message: "process 123 on host h".</summary>
    public static string Name(string owner)
    {
        string[] parts = owner.Split(':');
        return parts.Length == 3 ? $"process {parts[1]} on host {parts[0]}" : owner;
    }

    private static string Describe()
    {
        int pid = Environment.ProcessId;
        return $"{Environment.MachineName}:{pid}:{ProcessStartTicks(pid) ?? 0}";
    }

    private static long? ProcessStartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null; // no such process (or it ended while we looked)
        }
    }
}
