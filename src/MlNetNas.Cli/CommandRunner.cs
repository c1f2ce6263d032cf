using MlNetNas.Data;

namespace MlNetNas.Cli;

/// <summary>Runs a command's body and turns its exceptions into a one-line message and an exit code, never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled before any trial completed; nothing was written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is DataValidationException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.DataError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("MLNET_NAS_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return ExitCodes.DataError;
        }
    }
}
