using System.Diagnostics;

namespace MlNetNas.Tests.Cli;

/// <summary>
/// <c>mlnet-nas</c> in a process of its own (the build copies it beside the tests), for what an in-process run cannot
/// show: a kill -9, or two processes on one study.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;

    private CliProcess(Process process) => this.process = process;

    /// <summary>Starts <c>dotnet mlnet-nas.dll ARGS</c>; its output is discarded.</summary>
    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnet-nas.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new CliProcess(process);
    }

    public bool HasExited => process.HasExited;

    /// <summary>Kills the process at once (SIGKILL on Linux: no handler runs, as with kill -9) and waits for it to be gone.</summary>
    public void KillNine()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the process exits; returns whether the condition held.</summary>
    public async Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            if (process.HasExited)
            {
                return condition();
            }

            await Task.Delay(100);
        }

        return false;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
