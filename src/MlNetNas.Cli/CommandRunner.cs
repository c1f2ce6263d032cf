using MlNetNas.Data;

namespace MlNetNas.Cli;

/// <summary>Runs a command's body and turns its exceptions into a one-line message and an exit code, never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body, TextWriter error)
    {
        try
        {
            return await body();
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {OneLine(e.Message)}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cancelled before any trial completed; nothing was written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is DataValidationException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            error.WriteLine($"error: {OneLine(e.Message)}");
            return ExitCodes.DataError;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.GetType().Name}: {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("MLNET_NAS_DEBUG") == "1")
            {
                error.WriteLine(e);
            }

            return ExitCodes.DataError;
        }
    }

    /// <summary>
    /// Joins a message's lines with "; ": ML.NET and native libraries write several lines, and a line of the message that
    /// starts with "at ..." would read like a stack trace.
    /// </summary>
    public static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
