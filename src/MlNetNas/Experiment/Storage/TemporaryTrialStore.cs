using MlNetNas.Experiment.Storage.Sql;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// A trial store that lives as long as it is used, for tests and notebooks (<c>memory:</c> in <see cref="TrialStores"/>):
/// a SQLite file in the temporary folder, deleted when the store is disposed or the process exits. A file rather than
/// SQLite's shared in-memory mode, whose table locks fail writers at once instead of letting them wait, so that it
/// behaves as the file store does: resumable within the process, shared by its parallel trials and workers.
/// </summary>
public sealed class TemporaryTrialStore : SqlTrialStore, IDisposable
{
    private TemporaryTrialStore(string path)
        : base(new SqliteDialect(path, path, SqliteTrialStore.BusyTimeoutSeconds))
    {
        FilePath = path;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete();
    }

    /// <summary>The temporary file.</summary>
    public string FilePath { get; }

    /// <summary>A new, empty store.</summary>
    public static TemporaryTrialStore Create() => new(Path.Combine(Path.GetTempPath(), $"mlnet-nas-{Guid.NewGuid():N}.db"));

    /// <summary>Deletes the store's file.</summary>
    public void Dispose() => Delete();

    private void Delete()
    {
        foreach (string file in new[] { FilePath, FilePath + "-journal", FilePath + "-wal", FilePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the temporary folder's own clean-up.
            }
        }
    }
}
