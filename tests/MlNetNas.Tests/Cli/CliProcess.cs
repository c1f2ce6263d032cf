using System.Diagnostics;

namespace MlNetNas.Tests.Cli;

/// <summary>
/// <c>mlnet-nas</c> in a process of its own (the build copies it beside the tests), for what an in-process run cannot
/// show: a kill -9, or two processes on one study.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

    private CliProcess(Process process) => this.process = process;

    /// <summary>The last lines it wrote (standard output and error), for a failing test's message; with its exit code once it has ended (its output read to the end first).</summary>
    public string Tail
    {
        get
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // returns after the redirected output has been read to its end
                return $"(exit code {process.ExitCode}) " + string.Join("\n", lines.TakeLast(15));
            }

            return string.Join("\n", lines.TakeLast(15));
        }
    }

    /// <summary>Starts <c>dotnet mlnet-nas.dll ARGS</c>; its last lines are kept (<see cref="Tail"/>).</summary>
    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public bool HasExited => process.HasExited;

    // The CLI's own build output (bin/CONFIG/TFM beside the tests'): the copy beside the tests lacks what the tests' ASP.NET
    // Core framework reference supplies in-process (Npgsql's Microsoft.Extensions.Logging.Abstractions).
    private static string CliDll()
    {
        string tests = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        string framework = Path.GetFileName(tests);
        string configuration = Path.GetFileName(Path.GetDirectoryName(tests)!);
        string root = Path.GetFullPath(Path.Combine(tests, "..", "..", "..", "..", ".."));
        string own = Path.Combine(root, "src", "MlNetNas.Cli", "bin", configuration, framework, "mlnet-nas.dll");
        return File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "mlnet-nas.dll");
    }

    /// <summary>The process id, as the trial store's worker column names it (host:pid:start).</summary>
    public int Id => process.Id;

    /// <summary>Waits for the process to end on its own; returns its exit code, or null after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExit(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 200 && lines.TryDequeue(out _))
        {
        }
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
