namespace MlNetNas.Cli;

/// <summary>Checks that the output folder can be written before any time is spent searching.</summary>
internal static class OutputFolder
{
    public static string Prepare(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full))
            {
                throw new UsageException($"--output '{path}' is a file; give a folder.");
            }

            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output folder '{path}' cannot be created or written: {e.Message}");
        }
    }
}
