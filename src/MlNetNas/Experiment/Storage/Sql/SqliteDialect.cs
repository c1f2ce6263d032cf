using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MlNetNas.Experiment.Storage.Sql;

/// <summary>SQLite: one file; a write transaction takes the file's lock at once (BEGIN IMMEDIATE), and waits up to 30 s for another process's.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    private const int SchemaVersion = 4;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteCorrupt = 11;

    private const string Version4Columns =
        "ALTER TABLE runs ADD COLUMN spec TEXT; ALTER TABLE runs ADD COLUMN owner TEXT; ALTER TABLE runs ADD COLUMN heartbeat_utc TEXT; "
        + "ALTER TABLE runs ADD COLUMN elapsed_seconds REAL NOT NULL DEFAULT 0; ALTER TABLE runs ADD COLUMN ended INTEGER NOT NULL DEFAULT 0; "
        + "ALTER TABLE trials ADD COLUMN worker TEXT; ALTER TABLE trials ADD COLUMN heartbeat_utc TEXT; ";

    private readonly string connectionString;

    public SqliteDialect(string path, string fullPath, int busyTimeoutSeconds)
    {
        Shown = path;
        // No pooling: nothing keeps the file open between calls, so other processes and file deletion are never blocked.
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();
    }

    public string Shown { get; }

    public string Greatest => "MAX";

    public string ForUpdate => string.Empty; // the write transaction holds the whole file

    public string ForUpdateSkipLocked => string.Empty;

    public DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    // SQLite stores a NaN REAL as NULL, which would read back as "no metric": NaN is kept as text instead.
    public object? Metric(double? metric) => metric is { } m && double.IsNaN(m) ? "NaN" : metric;

    public Exception? Translate(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteCantOpen } e => new IOException($"The trial store '{Shown}' cannot be opened or created: {e.Message}", e),
        SqliteException { SqliteErrorCode: SqliteNotADatabase or SqliteCorrupt } e =>
            new InvalidDataException($"'{Shown}' is not a SQLite trial store, or is damaged (truncated or overwritten): {e.Message}", e),
        SqliteException e => new IOException($"The trial store '{Shown}' cannot be read or written: {e.Message}", e),
        _ => null,
    };

    public void CreateSchema(DbConnection connection)
    {
        // Only a store without its tables takes the write lock, so opening an existing store never waits for a writer.
        if (SqlTrialTables.Scalar(connection, null, "PRAGMA user_version") == SchemaVersion)
        {
            return;
        }

        using var transaction = BeginWrite(connection);
        long version = SqlTrialTables.Scalar(connection, transaction, "PRAGMA user_version");
        if (version > SchemaVersion)
        {
            throw new InvalidDataException($"The trial store was written by a newer mlnet-nas (schema {version}; this one reads schema {SchemaVersion}).");
        }

        if (version is >= 1 and < SchemaVersion)
        {
            // Each version's columns in turn: a version 1 file gains those of version 2, then those of 3, then those of 4.
            string upgrades = (version == 1 ? "ALTER TABLE trials ADD COLUMN supernet_accuracy REAL; ALTER TABLE trials ADD COLUMN peak_bytes INTEGER; " : string.Empty)
                + (version <= 2 ? "ALTER TABLE trials ADD COLUMN finished_seconds REAL; ALTER TABLE trials ADD COLUMN learning_curve TEXT; " : string.Empty)
                + Version4Columns;
            SqlTrialTables.Execute(connection, transaction, $"{upgrades}PRAGMA user_version = {SchemaVersion};");
        }
        else
        {
            // SQLite's own names: INTEGER is 64-bit and REAL a double; AUTOINCREMENT keeps ids of deleted runs from coming back.
            string tables = SqlSchema.CreateTables("INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "REAL");
            SqlTrialTables.Execute(connection, transaction, $"{tables}PRAGMA user_version = {SchemaVersion};");
        }

        transaction.Commit();
    }
}
