namespace MlNetNas.Experiment.Storage.Sql;

/// <summary>
/// The store's tables, written once for every database: each dialect names its own types for an identity key, a
/// 64-bit integer and a double, so the columns cannot drift apart between SQLite and PostgreSQL.
/// </summary>
internal static class SqlSchema
{
    /// <summary>The statements that create the tables and their index when missing.</summary>
    /// <param name="studyKey">The studies' identity key column type (e.g. <c>INTEGER PRIMARY KEY</c>).</param>
    /// <param name="runKey">The runs' identity key column type (SQLite: AUTOINCREMENT, so ids of deleted runs are never reused).</param>
    /// <param name="bigInt">A 64-bit integer.</param>
    /// <param name="real">A double.</param>
    public static string CreateTables(string studyKey, string runKey, string bigInt, string real) => $"""
        CREATE TABLE IF NOT EXISTS studies (
            study_id {studyKey},
            name TEXT NOT NULL UNIQUE,
            task_kind TEXT NOT NULL,
            metric TEXT NOT NULL,
            created_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            run_id {runKey},
            study_id {bigInt} NOT NULL REFERENCES studies (study_id),
            started_utc TEXT NOT NULL,
            spec TEXT,
            owner TEXT,
            heartbeat_utc TEXT,
            elapsed_seconds {real} NOT NULL DEFAULT 0,
            ended INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS trials (
            run_id {bigInt} NOT NULL REFERENCES runs (run_id),
            trial_id INTEGER NOT NULL,
            trainer TEXT NOT NULL,
            status TEXT NOT NULL,
            metric {real},
            seconds {real} NOT NULL,
            epochs INTEGER,
            architecture TEXT,
            parameter TEXT NOT NULL,
            error TEXT,
            finished_utc TEXT NOT NULL,
            supernet_accuracy {real},
            peak_bytes {bigInt},
            finished_seconds {real},
            learning_curve TEXT,
            worker TEXT,
            heartbeat_utc TEXT,
            PRIMARY KEY (run_id, trial_id));
        CREATE INDEX IF NOT EXISTS runs_by_study ON runs (study_id);
        """;
}
