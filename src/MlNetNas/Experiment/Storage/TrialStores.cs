using System.Text.RegularExpressions;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// Opens trial stores from storage strings, for configuration files and the CLI: <c>sqlite:PATH</c> (a file; the
/// SQLAlchemy spelling <c>sqlite:///PATH</c> that Optuna users know means the same) and
/// <c>postgres://user:password@host:port/database</c> (or <c>postgresql://</c>), and <c>memory:</c> for a store that lives
/// as long as the process (<see cref="TemporaryTrialStore"/>).
/// </summary>
public static partial class TrialStores
{
    private static readonly string[] KnownSchemes = ["sqlite", "postgres", "postgresql", "memory"];

    /// <summary>The schemes <see cref="Open"/> and <see cref="OpenExisting"/> accept.</summary>
    public static IReadOnlyList<string> Schemes => KnownSchemes.AsReadOnly();

    /// <summary>The store <paramref name="storage"/> names, created if missing.</summary>
    /// <exception cref="ArgumentException">No scheme, an unknown scheme or no path; the message lists the supported forms.</exception>
    /// <exception cref="IOException">The store cannot be created or opened.</exception>
    /// <exception cref="InvalidDataException">The file is not a trial store.</exception>
    public static ITrialStore Open(string storage) => OpenStore(storage, mustExist: false);

    /// <summary>The existing store <paramref name="storage"/> names, e.g. to warm-start from it.</summary>
    /// <exception cref="ArgumentException">No scheme, an unknown scheme or no path; the message lists the supported forms.</exception>
    /// <exception cref="FileNotFoundException">The store does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a trial store.</exception>
    public static ITrialStore OpenExisting(string storage) => OpenStore(storage, mustExist: true);

    /// <summary>
    /// Whether <paramref name="value"/> starts with a scheme (<c>name:</c>, two letters or more) and so is a storage
    /// string rather than a file path; a Windows drive letter (<c>C:\</c>) is not a scheme.
    /// </summary>
    public static bool HasScheme(string value) => SchemePrefix().IsMatch(value);

    private static ITrialStore OpenStore(string storage, bool mustExist)
    {
        ArgumentNullException.ThrowIfNull(storage);
        string supported = "supported: sqlite:PATH (e.g. sqlite:runs.db), postgres://user:password@host:port/database and memory:";
        var prefix = SchemePrefix().Match(storage);
        if (!prefix.Success)
        {
            throw new ArgumentException($"The storage '{storage}' names no scheme; {supported}.", nameof(storage));
        }

        string scheme = prefix.Groups[1].Value.ToLowerInvariant();
        string location = storage[prefix.Length..];
        if (!KnownSchemes.Contains(scheme))
        {
            throw new ArgumentException($"Unknown storage scheme '{scheme}' in '{storage}'; {supported}.", nameof(storage));
        }

        if (scheme == "memory")
        {
            return mustExist
                ? throw new FileNotFoundException($"A memory: store is new each time it is opened; there is no existing one to read.")
                : TemporaryTrialStore.Create();
        }

        if (scheme is "postgres" or "postgresql")
        {
            return new PostgresTrialStore(storage);
        }

        // SQLAlchemy's form: sqlite:///relative.db and sqlite:////absolute.db.
        if (location.StartsWith("///", StringComparison.Ordinal))
        {
            location = location[3..];
        }
        else if (location.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The storage '{storage}' names a host; sqlite takes a file path: sqlite:PATH or sqlite:///PATH.", nameof(storage));
        }

        if (string.IsNullOrWhiteSpace(location))
        {
            throw new ArgumentException($"The storage '{storage}' names no file; {supported}.", nameof(storage));
        }

        return mustExist ? SqliteTrialStore.OpenExisting(location) : new SqliteTrialStore(location);
    }

    /// <summary>The storage string with its password, if any, replaced by "***": for messages and logs.</summary>
    public static string Redact(string storage) => Password().Replace(storage, "$1***@");

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*:)[^@/]*@")]
    private static partial Regex Password();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]+):")]
    private static partial Regex SchemePrefix();
}
