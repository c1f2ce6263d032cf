using MlNetNas.Experiment.Storage.Sql;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// A trial store in a PostgreSQL database (<c>postgres://user:password@host:port/database</c>), for studies that
/// processes on many machines share: every write is a transaction, a trial is claimed under a row lock so that no
/// trial runs twice, and a trial whose process stopped beating is taken over by the next claim. The tables are created
/// when missing (the database itself must exist).
/// </summary>
public sealed class PostgresTrialStore : SqlTrialStore
{
    /// <summary>Connects to the database <paramref name="url"/> names and creates the store's tables if missing.</summary>
    /// <exception cref="ArgumentException">The URL is malformed; the message shows the expected form.</exception>
    /// <exception cref="IOException">The server cannot be reached, refuses the login, or has no such database.</exception>
    /// <exception cref="InvalidDataException">A newer version of the store wrote the tables.</exception>
    public PostgresTrialStore(string url)
        : this(PostgresLocation.Parse(url))
    {
    }

    private PostgresTrialStore(PostgresLocation location)
        : base(new PostgresDialect(location)) => Location = location.Shown;

    /// <summary>The store's location, without the password.</summary>
    public string Location { get; }

}
