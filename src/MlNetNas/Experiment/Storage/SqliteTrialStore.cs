using MlNetNas.Experiment.Storage.Sql;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// A trial store in one SQLite file. Every trial is committed on its own, so the trials of a run that crashes or is
/// cancelled stay stored; several processes may write to the same file (each write waits up to
/// <see cref="BusyTimeoutSeconds"/> for another's to finish), workers of a shared study among them. The tables are
/// created when missing.
/// </summary>
/// <remarks>
/// Tables: <c>studies</c> (name, task kind, metric), <c>runs</c> (one per experiment run of a study: its spec, owner,
/// heartbeat, spent budget, whether it ended) and <c>trials</c> (run, trial id, trainer, status — running until it
/// finishes —, metric, seconds, epochs, architecture, parameter as JSON, error, supernet accuracy, peak resident bytes,
/// seconds from the run's start to the trial's end, learning curve as JSON, the process that ran it and its heartbeat).
/// The schema version is SQLite's <c>user_version</c>; files of versions 1 to 3 gain the newer columns when opened.
/// </remarks>
public sealed class SqliteTrialStore : SqlTrialStore
{
    /// <summary>How long one statement waits for another process's write to finish before it fails.</summary>
    public const int BusyTimeoutSeconds = 30;

    /// <summary>Opens the store in <paramref name="path"/>, creating the file and its tables if missing.</summary>
    /// <exception cref="IOException">The file cannot be created or opened.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, is damaged, or a newer version of the store wrote it.</exception>
    public SqliteTrialStore(string path)
        : this(path, mustExist: false)
    {
    }

    private SqliteTrialStore(string path, bool mustExist)
        : base(new SqliteDialect(path, FullPath(path, mustExist), BusyTimeoutSeconds)) => FilePath = FullPath(path, mustExist);

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens the store in an existing file, e.g. to warm-start from it; creates its tables if missing.</summary>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, is damaged, or a newer version of the store wrote it.</exception>
    public static SqliteTrialStore OpenExisting(string path) => new(path, mustExist: true);

    private static string FullPath(string path, bool mustExist)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        return !mustExist || File.Exists(full) ? full : throw new FileNotFoundException($"The trial store '{path}' does not exist.", full);
    }
}
