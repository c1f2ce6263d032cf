using System.Data.Common;

namespace MlNetNas.Experiment.Storage.Sql;

/// <summary>What differs between the SQL databases a trial store runs on: connecting, locking, a few functions, the schema and the errors.</summary>
internal interface ISqlDialect
{
    /// <summary>The store as messages name it (a file path, or host and database without the password).</summary>
    string Shown { get; }

    /// <summary>An open connection.</summary>
    DbConnection Open();

    /// <summary>A transaction that writes: SQLite takes the file's write lock at once; PostgreSQL locks rows as it goes.</summary>
    DbTransaction BeginWrite(DbConnection connection);

    /// <summary>A transaction that only reads (SQLite: deferred, so it waits for no writer).</summary>
    DbTransaction BeginRead(DbConnection connection);

    /// <summary>The larger of two numbers: SQLite's MAX(a, b), PostgreSQL's GREATEST(a, b).</summary>
    string Greatest { get; }

    /// <summary>The clause that locks the selected rows for this transaction ("" where the transaction holds the whole database).</summary>
    string ForUpdate { get; }

    /// <summary>The clause that locks the selected rows, skipping those another transaction holds.</summary>
    string ForUpdateSkipLocked { get; }

    /// <summary>A metric as the database stores it (SQLite turns a NaN REAL into NULL: it keeps NaN as text).</summary>
    object? Metric(double? metric);

    /// <summary>Creates the tables, or brings an older schema up to date.</summary>
    void CreateSchema(DbConnection connection);

    /// <summary>The database's exception as <see cref="IOException"/> or <see cref="InvalidDataException"/> with a clear message; null when it is not the database's.</summary>
    Exception? Translate(Exception error);
}
