using System.Globalization;
using Microsoft.Data.Sqlite;
using MlNetNas.Search;
using MlNetNas.SearchSpace;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// A trial store in one SQLite file. Every trial is committed on its own, so the trials of a run that crashes or is
/// cancelled stay stored; several processes may append to the same file (each write waits up to
/// <see cref="BusyTimeoutSeconds"/> for another's to finish). The tables are created when missing.
/// </summary>
/// <remarks>
/// Tables: <c>studies</c> (name, task kind, metric), <c>runs</c> (one per experiment run of a study) and <c>trials</c>
/// (run, trial id, trainer, status, metric, seconds, epochs, architecture, parameter as JSON, error, supernet accuracy,
/// peak resident bytes, seconds from the run's start to the trial's end, learning curve as JSON). The schema version is
/// SQLite's <c>user_version</c>; version 1 files gain the last four columns, version 2 files the last two.
/// </remarks>
public sealed class SqliteTrialStore : ITrialStore
{
    /// <summary>How long one statement waits for another process's write to finish before it fails.</summary>
    public const int BusyTimeoutSeconds = 30;

    private const int SchemaVersion = 4;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteCorrupt = 11;
    private const string StudyQuery =
        "SELECT s.study_id, s.name, s.task_kind, s.metric, "
        + "(SELECT COUNT(*) FROM runs r WHERE r.study_id = s.study_id), "
        + "(SELECT COUNT(*) FROM trials t JOIN runs r ON r.run_id = t.run_id WHERE r.study_id = s.study_id AND t.status <> 'running') "
        + "FROM studies s";
    private const string Version4Columns =
        "ALTER TABLE runs ADD COLUMN spec TEXT; ALTER TABLE runs ADD COLUMN owner TEXT; ALTER TABLE runs ADD COLUMN heartbeat_utc TEXT; "
        + "ALTER TABLE runs ADD COLUMN elapsed_seconds REAL NOT NULL DEFAULT 0; ALTER TABLE runs ADD COLUMN ended INTEGER NOT NULL DEFAULT 0; "
        + "ALTER TABLE trials ADD COLUMN worker TEXT; ";

    private readonly string connectionString;
    private readonly string shownPath;

    /// <summary>Opens the store in <paramref name="path"/>, creating the file and its tables if missing.</summary>
    /// <exception cref="IOException">The file cannot be created or opened.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, or a newer version of the store wrote it.</exception>
    public SqliteTrialStore(string path)
        : this(path, mustExist: false)
    {
    }

    private SqliteTrialStore(string path, bool mustExist)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        shownPath = path;
        FilePath = Path.GetFullPath(path);
        if (mustExist && !File.Exists(FilePath))
        {
            throw new FileNotFoundException($"The trial store '{path}' does not exist.", FilePath);
        }

        // No pooling: nothing keeps the file open between calls, so other processes and file deletion are never blocked.
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
        Use(CreateSchema);
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens the store in an existing file, e.g. to warm-start from it; creates its tables if missing.</summary>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database, or a newer version of the store wrote it.</exception>
    public static SqliteTrialStore OpenExisting(string path) => new(path, mustExist: true);

    /// <inheritdoc/>
    public StudyRun StartRun(string studyName, NasTask task) => StartRun(studyName, task, RunSpec.Unknown);

    /// <inheritdoc/>
    public StudyRun StartRun(string studyName, NasTask task, RunSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(spec);
        return Use(connection =>
        {
            // IMMEDIATE: two processes starting the first run of a new study do not both insert it.
            using var transaction = connection.BeginTransaction(deferred: false);
            long studyId;
            if (FindStudy(connection, studyName) is { } existing)
            {
                if (!existing.Info.Fits(task))
                {
                    throw new InvalidOperationException(existing.Info.Mismatch(task, $"'{shownPath}'"));
                }

                studyId = existing.Id;
            }
            else
            {
                studyId = Scalar(connection, "INSERT INTO studies (name, task_kind, metric, created_utc) VALUES ($name, $kind, $metric, $now) RETURNING study_id",
                    ("$name", studyName), ("$kind", task.Kind.ToString()), ("$metric", task.Metric.ToString()), ("$now", Now()));
            }

            long runId = Scalar(connection, "INSERT INTO runs (study_id, started_utc, spec, owner, heartbeat_utc) VALUES ($study, $now, $spec, $owner, $now) RETURNING run_id",
                ("$study", studyId), ("$now", Now()), ("$spec", spec.ToJson()), ("$owner", RunOwner.Current));
            transaction.Commit();
            return new StudyRun(studyName, runId);
        });
    }

    /// <inheritdoc/>
    public ResumedRun Resume(string studyName, NasTask task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        ArgumentNullException.ThrowIfNull(task);
        return Use(connection =>
        {
            // IMMEDIATE: of two processes resuming at once, the second waits for the first's claim and then sees its owner.
            using var transaction = connection.BeginTransaction(deferred: false);
            var study = RequireStudy(connection, studyName);
            if (!study.Info.Fits(task))
            {
                throw new InvalidDataException(study.Info.Mismatch(task, $"'{shownPath}'"));
            }

            var last = ReadLastRun(connection, study.Id, studyName)
                ?? throw new ArgumentException($"The study '{studyName}' in '{shownPath}' has no run to resume.", nameof(studyName));
            if (RunOwner.IsAlive(last.Owner, last.Heartbeat))
            {
                throw new InvalidOperationException(
                    $"The study '{studyName}' in '{shownPath}' is being run by {RunOwner.Name(last.Owner!)} (last heartbeat {(DateTime.UtcNow - last.Heartbeat!.Value).TotalSeconds:F0} s ago); "
                    + "stop that process or wait for it to end, then resume.");
            }

            using (var claim = Command(connection, "UPDATE runs SET owner = $owner, heartbeat_utc = $now, ended = 0 WHERE run_id = $run",
                ("$owner", RunOwner.Current), ("$now", Now()), ("$run", last.Info.Run.RunId)))
            {
                claim.ExecuteNonQuery();
            }

            var finished = ReadTrials(connection, "t.run_id = $run AND t.status <> 'running'", ("$run", last.Info.Run.RunId), studyName);
            var interrupted = new List<(int, Parameter)>();
            using (var running = Command(connection, "SELECT trial_id, parameter FROM trials WHERE run_id = $run AND status = 'running' ORDER BY trial_id", ("$run", last.Info.Run.RunId)))
            using (var reader = running.ExecuteReader())
            {
                while (reader.Read())
                {
                    interrupted.Add((reader.GetInt32(0), Parameter.FromJson(reader.GetString(1))));
                }
            }

            transaction.Commit();
            return new ResumedRun(last.Info.Run, last.Info.Spec, finished, interrupted, last.Info.Elapsed);
        });
    }

    /// <inheritdoc/>
    public StoredRunInfo? LastRun(string studyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        return Use(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            var study = RequireStudy(connection, studyName);
            return ReadLastRun(connection, study.Id, studyName)?.Info;
        });
    }

    /// <inheritdoc/>
    public void MarkRunning(StudyRun run, int trialId, string trainer, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(parameter);
        Use(connection =>
        {
            using var command = Command(connection,
                "INSERT INTO trials (run_id, trial_id, trainer, status, seconds, parameter, finished_utc, worker) VALUES ($run, $trial, $trainer, 'running', 0, $parameter, $now, $worker) "
                + "ON CONFLICT (run_id, trial_id) DO UPDATE SET trainer = excluded.trainer, status = 'running', parameter = excluded.parameter, finished_utc = excluded.finished_utc, worker = excluded.worker",
                ("$run", run.RunId), ("$trial", trialId), ("$trainer", trainer), ("$parameter", parameter.ToJson()), ("$now", Now()), ("$worker", RunOwner.Current));
            command.ExecuteNonQuery();
        });
    }

    /// <inheritdoc/>
    public void Heartbeat(StudyRun run, TimeSpan elapsed) => UpdateRun(run, elapsed, ended: false);

    /// <inheritdoc/>
    public void EndRun(StudyRun run, TimeSpan elapsed) => UpdateRun(run, elapsed, ended: true);

    private void UpdateRun(StudyRun run, TimeSpan elapsed, bool ended)
    {
        ArgumentNullException.ThrowIfNull(run);
        Use(connection =>
        {
            // Only the owner's beat counts: a process that lost the run to a resume must not claim it back.
            using var command = Command(connection,
                "UPDATE runs SET heartbeat_utc = $now, elapsed_seconds = MAX(elapsed_seconds, $elapsed), ended = $ended, owner = CASE WHEN $ended = 1 THEN NULL ELSE owner END "
                + "WHERE run_id = $run AND owner = $owner",
                ("$now", Now()), ("$elapsed", elapsed.TotalSeconds), ("$ended", ended ? 1 : 0), ("$run", run.RunId), ("$owner", RunOwner.Current));
            command.ExecuteNonQuery();
        });
    }

    /// <inheritdoc/>
    public void Append(StudyRun run, TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(trial);
        Use(connection =>
        {
            // One statement outside an explicit transaction is its own transaction: committed to the file when it returns, so
            // a process killed mid-write leaves the running mark or the whole finished trial, never half of it.
            using var command = Command(connection,
                "INSERT INTO trials (run_id, trial_id, trainer, status, metric, seconds, epochs, architecture, parameter, error, finished_utc, supernet_accuracy, peak_bytes, finished_seconds, learning_curve, worker) "
                + "VALUES ($run, $trial, $trainer, $status, $metric, $seconds, $epochs, $architecture, $parameter, $error, $now, $supernet, $peak, $finished, $curve, $worker) "
                + "ON CONFLICT (run_id, trial_id) DO UPDATE SET trainer = excluded.trainer, status = excluded.status, metric = excluded.metric, seconds = excluded.seconds, "
                + "epochs = excluded.epochs, architecture = excluded.architecture, parameter = excluded.parameter, error = excluded.error, finished_utc = excluded.finished_utc, "
                + "supernet_accuracy = excluded.supernet_accuracy, peak_bytes = excluded.peak_bytes, finished_seconds = excluded.finished_seconds, "
                + "learning_curve = excluded.learning_curve, worker = excluded.worker",
                ("$run", run.RunId),
                ("$trial", trial.TrialId),
                ("$trainer", trial.Trainer),
                ("$status", trial.Status.ToString().ToLowerInvariant()),
                ("$metric", StoredMetric(trial.Metric)),
                ("$seconds", trial.Duration.TotalSeconds),
                ("$epochs", trial.Epochs),
                ("$architecture", trial.Architecture),
                ("$parameter", trial.Parameter.ToJson()),
                ("$error", trial.Error),
                ("$now", Now()),
                ("$supernet", trial.SupernetAccuracy),
                ("$peak", trial.PeakMemoryBytes),
                ("$finished", trial.FinishedAt?.TotalSeconds),
                ("$curve", trial.LearningCurve?.ToJson()),
                ("$worker", RunOwner.Current));
            command.ExecuteNonQuery();
            return 0;
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialResult> Load(string studyName, NasTask task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        ArgumentNullException.ThrowIfNull(task);
        return Use(connection =>
        {
            // One read transaction: a run appending meanwhile does not tear the study between the two queries.
            using var transaction = connection.BeginTransaction(deferred: true);
            var study = RequireStudy(connection, studyName);
            if (!study.Info.Fits(task))
            {
                throw new InvalidDataException(study.Info.Mismatch(task, $"'{shownPath}'"));
            }

            return ReadTrials(connection, "r.study_id = $study AND t.status <> 'running'", ("$study", study.Id), studyName);
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<StudyInfo> ListStudies() => Use(ListStudies);

    private (long Id, StudyInfo Info) RequireStudy(SqliteConnection connection, string studyName)
    {
        if (FindStudy(connection, studyName) is { } study)
        {
            return study;
        }

        var others = ListStudies(connection);
        throw new ArgumentException(
            $"The trial store '{shownPath}' holds no study '{studyName}'; "
            + (others.Count == 0 ? "it holds no study yet." : $"its studies: {string.Join(", ", others.Select(s => s.Describe()))}."),
            nameof(studyName));
    }

    private static List<TrialResult> ReadTrials(SqliteConnection connection, string where, (string Name, object? Value) parameter, string studyName)
    {
        using var command = Command(connection,
            "SELECT t.run_id, t.trial_id, t.trainer, t.status, t.metric, t.seconds, t.epochs, t.architecture, t.parameter, t.error, t.supernet_accuracy, t.peak_bytes, t.finished_seconds, t.learning_curve "
            + $"FROM trials t JOIN runs r ON r.run_id = t.run_id WHERE {where} ORDER BY t.run_id, t.trial_id",
            parameter);
        using var reader = command.ExecuteReader();
        var trials = new List<TrialResult>();
        while (reader.Read())
        {
            trials.Add(ReadTrial(reader, studyName));
        }

        return trials;
    }

    private static LastRunRow? ReadLastRun(SqliteConnection connection, long studyId, string studyName)
    {
        using var command = Command(connection,
            "SELECT r.run_id, r.spec, r.owner, r.heartbeat_utc, r.elapsed_seconds, r.ended, "
            + "(SELECT COUNT(*) FROM trials t WHERE t.run_id = r.run_id AND t.status <> 'running') "
            + "FROM runs r WHERE r.study_id = $study ORDER BY r.run_id DESC LIMIT 1",
            ("$study", studyId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var run = new StudyRun(studyName, reader.GetInt64(0));
        RunSpec spec;
        try
        {
            spec = RunSpec.FromJson(reader.IsDBNull(1) ? null : reader.GetString(1));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"The study '{studyName}', run {run.RunId}, has a spec that cannot be read: {e.Message}", e);
        }

        DateTime? heartbeat = reader.IsDBNull(3) ? null : DateTime.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var info = new StoredRunInfo(run, spec, reader.GetInt32(6), TimeSpan.FromSeconds(reader.GetDouble(4)), reader.GetInt64(5) == 1);
        return new LastRunRow(info, reader.IsDBNull(2) ? null : reader.GetString(2), heartbeat);
    }

    private static IReadOnlyList<StudyInfo> ListStudies(SqliteConnection connection)
    {
        using var command = Command(connection, StudyQuery + " ORDER BY s.name");
        using var reader = command.ExecuteReader();
        var studies = new List<StudyInfo>();
        while (reader.Read())
        {
            studies.Add(ReadStudy(reader).Info);
        }

        return studies;
    }

    private static (long Id, StudyInfo Info)? FindStudy(SqliteConnection connection, string name)
    {
        using var command = Command(connection, StudyQuery + " WHERE s.name = $name", ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadStudy(reader) : null;
    }

    private static (long Id, StudyInfo Info) ReadStudy(SqliteDataReader reader)
    {
        string name = reader.GetString(1);
        if (!Enum.TryParse(reader.GetString(2), out NasTaskKind kind) || !Enum.TryParse(reader.GetString(3), out NasMetric metric))
        {
            throw new InvalidDataException($"The study '{name}' has the unknown task kind '{reader.GetString(2)}' or metric '{reader.GetString(3)}'.");
        }

        return (reader.GetInt64(0), new StudyInfo(name, kind, metric, reader.GetInt32(4), reader.GetInt32(5)));
    }

    private static TrialResult ReadTrial(SqliteDataReader reader, string studyName)
    {
        long run = reader.GetInt64(0);
        int trialId = reader.GetInt32(1);
        try
        {
            var status = Enum.Parse<TrialStatus>(reader.GetString(3), ignoreCase: true);
            double? metric = reader.IsDBNull(4) ? null
                : reader.GetFieldType(4) == typeof(string) ? double.Parse(reader.GetString(4), CultureInfo.InvariantCulture)
                : reader.GetDouble(4);

            // Seconds as a double hold the tick count exactly enough to round back to it.
            var duration = TimeSpan.FromTicks((long)Math.Round(reader.GetDouble(5) * TimeSpan.TicksPerSecond));
            return new TrialResult(
                trialId,
                reader.GetString(2),
                Parameter.FromJson(reader.GetString(8)),
                status,
                metric,
                duration,
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(6) ? null : reader.GetInt32(6))
            {
                SupernetAccuracy = reader.IsDBNull(10) ? null : reader.GetDouble(10),
                PeakMemoryBytes = reader.IsDBNull(11) ? null : reader.GetInt64(11),
                FinishedAt = reader.IsDBNull(12) ? null : TimeSpan.FromTicks((long)Math.Round(reader.GetDouble(12) * TimeSpan.TicksPerSecond)),
                LearningCurve = reader.IsDBNull(13) ? null : LearningCurve.FromJson(reader.GetString(13)),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidCastException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"The study '{studyName}', run {run}, trial {trialId} cannot be read: {e.Message}", e);
        }
    }

    // SQLite stores a NaN REAL as NULL, which would read back as "no metric": NaN is kept as text instead.
    private static object? StoredMetric(double? metric) => metric is { } m && double.IsNaN(m) ? "NaN" : metric;

    private static void CreateSchema(SqliteConnection connection)
    {
        // Only a store without its tables takes the write lock, so opening an existing store never waits for a writer.
        if (Scalar(connection, "PRAGMA user_version") == SchemaVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        long version = Scalar(connection, "PRAGMA user_version");
        if (version > SchemaVersion)
        {
            throw new InvalidDataException($"The trial store was written by a newer mlnet-nas (schema {version}; this one reads schema {SchemaVersion}).");
        }

        if (version is 1 or 2 or 3)
        {
            // Each version's columns in turn: a version 1 file gains those of version 2, then those of 3, then those of 4.
            string upgrades = (version == 1 ? "ALTER TABLE trials ADD COLUMN supernet_accuracy REAL; ALTER TABLE trials ADD COLUMN peak_bytes INTEGER; " : string.Empty)
                + (version <= 2 ? "ALTER TABLE trials ADD COLUMN finished_seconds REAL; ALTER TABLE trials ADD COLUMN learning_curve TEXT; " : string.Empty)
                + Version4Columns;
            using var upgrade = Command(connection, $"{upgrades}PRAGMA user_version = {SchemaVersion};");
            upgrade.ExecuteNonQuery();
        }
        else if (version < SchemaVersion)
        {
            using var command = Command(connection, $"""
                CREATE TABLE IF NOT EXISTS studies (
                    study_id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    task_kind TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    created_utc TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS runs (
                    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
                    study_id INTEGER NOT NULL REFERENCES studies (study_id),
                    started_utc TEXT NOT NULL,
                    spec TEXT,
                    owner TEXT,
                    heartbeat_utc TEXT,
                    elapsed_seconds REAL NOT NULL DEFAULT 0,
                    ended INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS trials (
                    run_id INTEGER NOT NULL REFERENCES runs (run_id),
                    trial_id INTEGER NOT NULL,
                    trainer TEXT NOT NULL,
                    status TEXT NOT NULL,
                    metric REAL,
                    seconds REAL NOT NULL,
                    epochs INTEGER,
                    architecture TEXT,
                    parameter TEXT NOT NULL,
                    error TEXT,
                    finished_utc TEXT NOT NULL,
                    supernet_accuracy REAL,
                    peak_bytes INTEGER,
                    finished_seconds REAL,
                    learning_curve TEXT,
                    worker TEXT,
                    PRIMARY KEY (run_id, trial_id));
                CREATE INDEX IF NOT EXISTS runs_by_study ON runs (study_id);
                PRAGMA user_version = {SchemaVersion};
                """);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private T Use<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            return work(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteCantOpen)
        {
            throw new IOException($"The trial store '{shownPath}' cannot be opened or created: {e.Message}", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new InvalidDataException($"'{shownPath}' is not a SQLite trial store, or is damaged (truncated or overwritten): {e.Message}", e);
        }
        catch (SqliteException e)
        {
            throw new IOException($"The trial store '{shownPath}' cannot be read or written: {e.Message}", e);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(shownPath, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{shownPath}': {e.Message}", e);
        }
    }

    private void Use(Action<SqliteConnection> work) => Use(connection =>
    {
        work(connection);
        return 0;
    });

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static long Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private sealed record LastRunRow(StoredRunInfo Info, string? Owner, DateTime? Heartbeat);

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
