using System.Data.Common;
using Npgsql;

namespace MlNetNas.Experiment.Storage.Sql;

/// <summary>
/// PostgreSQL through Npgsql: processes on many machines share a study; a claim locks the run's row (FOR UPDATE) and
/// skips the trial rows another transaction holds (SKIP LOCKED), as Optuna's RDB storage relies on the database's locks.
/// </summary>
internal sealed class PostgresDialect : ISqlDialect
{
    private const int SchemaVersion = 4;

    // Any constant: the advisory lock that serializes creating the tables, which concurrent CREATE TABLE IF NOT EXISTS would race on.
    private const long SchemaLock = 0x4D4C4E4153;
    private readonly string connectionString;

    public PostgresDialect(PostgresLocation location)
    {
        Shown = location.Shown;
        connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = location.Host,
            Port = location.Port,
            Database = location.Database,
            Username = location.User,
            Password = location.Password,
            Timeout = 10,
            CommandTimeout = 60,
        }.ToString();
    }

    public string Shown { get; }

    public string Greatest => "GREATEST";

    public string ForUpdate => " FOR UPDATE";

    public string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    public DbConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    public DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction();

    public DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction();

    public object? Metric(double? metric) => metric; // double precision keeps NaN

    public Exception? Translate(Exception error) => error switch
    {
        PostgresException { SqlState: "28P01" or "28000" } e => new IOException($"PostgreSQL at {Shown} refused the login (wrong user or password): {e.MessageText}", e),
        PostgresException { SqlState: "3D000" } e => new IOException($"PostgreSQL at {Shown} has no such database: {e.MessageText}; create it first (createdb).", e),
        PostgresException e => new IOException($"The trial store {Shown} failed: {e.MessageText} (SQLSTATE {e.SqlState})", e),
        NpgsqlException e => new IOException($"PostgreSQL at {Shown} cannot be reached: {e.InnerException?.Message ?? e.Message}", e),
        _ => null,
    };

    public void CreateSchema(DbConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        SqlTrialTables.Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLock})");
        SqlTrialTables.Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS mlnet_nas_schema (version INTEGER NOT NULL)");
        using (var read = SqlTrialTables.Command(connection, transaction, "SELECT MAX(version) FROM mlnet_nas_schema"))
        {
            if (read.ExecuteScalar() is int version)
            {
                if (version > SchemaVersion)
                {
                    throw new InvalidDataException($"The trial store was written by a newer mlnet-nas (schema {version}; this one reads schema {SchemaVersion}).");
                }

                transaction.Commit();
                return; // PostgreSQL stores started at schema 4: nothing older to migrate
            }
        }

        string tables = SqlSchema.CreateTables("BIGSERIAL PRIMARY KEY", "BIGSERIAL PRIMARY KEY", "BIGINT", "DOUBLE PRECISION");
        SqlTrialTables.Execute(connection, transaction, $"{tables}INSERT INTO mlnet_nas_schema (version) VALUES ({SchemaVersion});");
        transaction.Commit();
    }
}
