namespace MlNetNas.Experiment;

/// <summary>Writes a file beside its destination and renames it over, so that no reader ever sees half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path beside <paramref name="path"/>, then moves it over; returns <paramref name="path"/>.</summary>
    public static string Write(string path, Action<string> write)
    {
        string temp = path + ".partial";
        try
        {
            write(temp);
        }
        catch
        {
            // A half-written file must not stay behind beside the complete ones.
            File.Delete(temp);
            throw;
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}
