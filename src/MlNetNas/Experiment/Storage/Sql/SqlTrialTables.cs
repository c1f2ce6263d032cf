using System.Data.Common;
using System.Globalization;
using MlNetNas.Search;
using MlNetNas.SearchSpace;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Storage.Sql;

/// <summary>
/// The trial store's tables and statements, shared by its SQL databases (<see cref="ISqlDialect"/>): <c>studies</c>
/// (name, task kind, metric), <c>runs</c> (one per experiment run of a study: its spec, owner, heartbeat and spent
/// budget) and <c>trials</c> (one row per trial of a run: marked running when it starts, replaced by its result when it
/// finishes, so a process killed mid-write leaves one or the other, never half of it).
/// </summary>
internal sealed class SqlTrialTables(ISqlDialect dialect)
{
    private const string StudyQuery =
        "SELECT s.study_id, s.name, s.task_kind, s.metric, "
        + "(SELECT COUNT(*) FROM runs r WHERE r.study_id = s.study_id), "
        + "(SELECT COUNT(*) FROM trials t JOIN runs r ON r.run_id = t.run_id WHERE r.study_id = s.study_id AND t.status <> 'running') "
        + "FROM studies s";

    private const string TrialColumns =
        "t.run_id, t.trial_id, t.trainer, t.status, t.metric, t.seconds, t.epochs, t.architecture, t.parameter, t.error, t.supernet_accuracy, t.peak_bytes, t.finished_seconds, t.learning_curve";

    public StudyRun StartRun(string studyName, NasTask task, RunSpec spec) => Use(connection =>
    {
        using var transaction = dialect.BeginWrite(connection);
        // ON CONFLICT DO NOTHING: two processes starting the first run of a new study do not both insert it.
        Execute(connection, transaction, "INSERT INTO studies (name, task_kind, metric, created_utc) VALUES (@name, @kind, @metric, @now) ON CONFLICT (name) DO NOTHING",
            ("@name", studyName), ("@kind", task.Kind.ToString()), ("@metric", task.Metric.ToString()), ("@now", Now()));
        var study = FindStudy(connection, transaction, studyName)!.Value;
        if (!study.Info.Fits(task))
        {
            throw new InvalidOperationException(study.Info.Mismatch(task, $"'{dialect.Shown}'"));
        }

        long runId = Scalar(connection, transaction, "INSERT INTO runs (study_id, started_utc, spec, owner, heartbeat_utc) VALUES (@study, @now, @spec, @owner, @now) RETURNING run_id",
            ("@study", study.Id), ("@now", Now()), ("@spec", spec.ToJson()), ("@owner", RunOwner.Current));
        transaction.Commit();
        return new StudyRun(studyName, runId);
    });

    public ResumedRun Resume(string studyName, NasTask task) => Use(connection =>
    {
        using var transaction = dialect.BeginWrite(connection);
        var study = RequireStudy(connection, transaction, studyName);
        if (!study.Info.Fits(task))
        {
            throw new InvalidDataException(study.Info.Mismatch(task, $"'{dialect.Shown}'"));
        }

        // Locked: of two processes resuming at once, the second waits for the first's claim and then sees its owner.
        var last = ReadLastRun(connection, transaction, study.Id, studyName, dialect.ForUpdate)
            ?? throw new ArgumentException($"The study '{studyName}' in '{dialect.Shown}' has no run to resume.", nameof(studyName));
        if (RunOwner.IsAlive(last.Owner, last.Heartbeat))
        {
            throw new InvalidOperationException(
                $"The study '{studyName}' in '{dialect.Shown}' is being run by {RunOwner.Name(last.Owner!)} (last heartbeat {(DateTime.UtcNow - last.Heartbeat!.Value).TotalSeconds:F0} s ago); "
                + "stop that process or wait for it to end, then resume.");
        }

        Execute(connection, transaction, "UPDATE runs SET owner = @owner, heartbeat_utc = @now, ended = 0 WHERE run_id = @run",
            ("@owner", RunOwner.Current), ("@now", Now()), ("@run", last.Info.Run.RunId));
        var finished = ReadTrials(connection, transaction, "t.run_id = @run AND t.status <> 'running'", ("@run", last.Info.Run.RunId), studyName);
        var interrupted = ReadRunning(connection, transaction, last.Info.Run.RunId).Select(r => (r.TrialId, r.Parameter)).ToArray();
        transaction.Commit();
        return new ResumedRun(last.Info.Run, last.Info.Spec, finished, interrupted, last.Info.Elapsed);
    });

    public StoredRunInfo? LastRun(string studyName) => Use(connection =>
    {
        using var transaction = dialect.BeginRead(connection);
        var study = RequireStudy(connection, transaction, studyName);
        return ReadLastRun(connection, transaction, study.Id, studyName, string.Empty)?.Info;
    });

    public IReadOnlyList<TrialResult> Finished(StudyRun run) => Use(connection =>
    {
        using var transaction = dialect.BeginRead(connection);
        return (IReadOnlyList<TrialResult>)ReadTrials(connection, transaction, "t.run_id = @run AND t.status <> 'running'", ("@run", run.RunId), run.StudyName);
    });

    public ClaimedTrial? Claim(StudyRun run, Func<int, Parameter?> propose, int maxTrials) => Use(connection =>
    {
        using var transaction = dialect.BeginWrite(connection);
        // The run's row is the claims' lock: one process at a time picks the next trial of the run.
        Scalar(connection, transaction, $"SELECT run_id FROM runs WHERE run_id = @run{dialect.ForUpdate}", ("@run", run.RunId));
        foreach (var running in ReadRunning(connection, transaction, run.RunId, dialect.ForUpdateSkipLocked))
        {
            // This process's own running trials are running (workers of one process share its identity).
            if (running.Worker != RunOwner.Current && !RunOwner.IsAlive(running.Worker, running.Heartbeat))
            {
                // Its worker died: the trial runs again, here, with its parameters.
                Execute(connection, transaction, "UPDATE trials SET worker = @worker, heartbeat_utc = @now WHERE run_id = @run AND trial_id = @trial",
                    ("@worker", RunOwner.Current), ("@now", Now()), ("@run", run.RunId), ("@trial", running.TrialId));
                transaction.Commit();
                return new ClaimedTrial(running.TrialId, running.Parameter, Requeued: true);
            }
        }

        int next = (int)Scalar(connection, transaction, "SELECT COALESCE(MAX(trial_id), 0) + 1 FROM trials WHERE run_id = @run", ("@run", run.RunId));
        if (next > maxTrials || propose(next) is not { } parameter)
        {
            return null;
        }

        InsertRunning(connection, transaction, run, next, parameter);
        transaction.Commit();
        return new ClaimedTrial(next, parameter, Requeued: false);
    });

    public int RunningElsewhere(StudyRun run) => Use(connection =>
    {
        using var transaction = dialect.BeginRead(connection);
        return ReadRunning(connection, transaction, run.RunId).Count(r => r.Worker != RunOwner.Current && RunOwner.IsAlive(r.Worker, r.Heartbeat));
    });

    public void MarkRunning(StudyRun run, int trialId, string trainer, Parameter parameter) => Use(connection =>
    {
        using var transaction = dialect.BeginWrite(connection);
        InsertRunning(connection, transaction, run, trialId, parameter, trainer);
        transaction.Commit();
        return 0;
    });

    public void Append(StudyRun run, TrialResult trial) => Use(connection =>
    {
        // One statement, its own transaction: committed when it returns.
        Execute(connection, null,
            "INSERT INTO trials (run_id, trial_id, trainer, status, metric, seconds, epochs, architecture, parameter, error, finished_utc, supernet_accuracy, peak_bytes, finished_seconds, learning_curve, worker, heartbeat_utc) "
            + "VALUES (@run, @trial, @trainer, @status, @metric, @seconds, @epochs, @architecture, @parameter, @error, @now, @supernet, @peak, @finished, @curve, @worker, @now) "
            + "ON CONFLICT (run_id, trial_id) DO UPDATE SET trainer = excluded.trainer, status = excluded.status, metric = excluded.metric, seconds = excluded.seconds, "
            + "epochs = excluded.epochs, architecture = excluded.architecture, parameter = excluded.parameter, error = excluded.error, finished_utc = excluded.finished_utc, "
            + "supernet_accuracy = excluded.supernet_accuracy, peak_bytes = excluded.peak_bytes, finished_seconds = excluded.finished_seconds, "
            + "learning_curve = excluded.learning_curve, worker = excluded.worker, heartbeat_utc = excluded.heartbeat_utc",
            ("@run", run.RunId),
            ("@trial", trial.TrialId),
            ("@trainer", trial.Trainer),
            ("@status", trial.Status.ToString().ToLowerInvariant()),
            ("@metric", dialect.Metric(trial.Metric)),
            ("@seconds", trial.Duration.TotalSeconds),
            ("@epochs", trial.Epochs),
            ("@architecture", trial.Architecture),
            ("@parameter", trial.Parameter.ToJson()),
            ("@error", trial.Error),
            ("@now", Now()),
            ("@supernet", trial.SupernetAccuracy),
            ("@peak", trial.PeakMemoryBytes),
            ("@finished", trial.FinishedAt?.TotalSeconds),
            ("@curve", trial.LearningCurve?.ToJson()),
            ("@worker", RunOwner.Current));
        return 0;
    });

    public void UpdateRun(StudyRun run, TimeSpan elapsed, bool ended) => Use(connection =>
    {
        using var transaction = dialect.BeginWrite(connection);
        // Only the owner's beat counts for the run: a process that lost it to a resume must not claim it back.
        Execute(connection, transaction,
            $"UPDATE runs SET heartbeat_utc = @now, elapsed_seconds = {dialect.Greatest}(elapsed_seconds, @elapsed), ended = @ended, "
            + "owner = CASE WHEN @ended = 1 THEN NULL ELSE owner END WHERE run_id = @run AND owner = @owner",
            ("@now", Now()), ("@elapsed", elapsed.TotalSeconds), ("@ended", ended ? 1 : 0), ("@run", run.RunId), ("@owner", RunOwner.Current));
        // Every process beats for the trials it runs, owner or worker: a stale one is run again by another.
        Execute(connection, transaction, "UPDATE trials SET heartbeat_utc = @now WHERE run_id = @run AND worker = @owner AND status = 'running'",
            ("@now", Now()), ("@run", run.RunId), ("@owner", RunOwner.Current));
        transaction.Commit();
        return 0;
    });

    public IReadOnlyList<TrialResult> Load(string studyName, NasTask task) => Use(connection =>
    {
        // One read transaction: a run appending meanwhile does not tear the study between the two queries.
        using var transaction = dialect.BeginRead(connection);
        var study = RequireStudy(connection, transaction, studyName);
        if (!study.Info.Fits(task))
        {
            throw new InvalidDataException(study.Info.Mismatch(task, $"'{dialect.Shown}'"));
        }

        return (IReadOnlyList<TrialResult>)ReadTrials(connection, transaction, "r.study_id = @study AND t.status <> 'running'", ("@study", study.Id), studyName);
    });

    public IReadOnlyList<StudyInfo> ListStudies() => Use(connection => ListStudies(connection, null));

    public void CreateSchema() => Use(connection =>
    {
        dialect.CreateSchema(connection);
        return 0;
    });

    private static void InsertRunning(DbConnection connection, DbTransaction transaction, StudyRun run, int trialId, Parameter parameter, string? trainer = null) =>
        Execute(connection, transaction,
            "INSERT INTO trials (run_id, trial_id, trainer, status, seconds, parameter, finished_utc, worker, heartbeat_utc) VALUES (@run, @trial, @trainer, 'running', 0, @parameter, @now, @worker, @now) "
            + "ON CONFLICT (run_id, trial_id) DO UPDATE SET trainer = excluded.trainer, status = 'running', parameter = excluded.parameter, finished_utc = excluded.finished_utc, "
            + "worker = excluded.worker, heartbeat_utc = excluded.heartbeat_utc",
            ("@run", run.RunId), ("@trial", trialId), ("@trainer", trainer ?? TrainerOf(parameter)), ("@parameter", parameter.ToJson()), ("@now", Now()), ("@worker", RunOwner.Current));

    private static string TrainerOf(Parameter parameter) =>
        parameter.ContainsKey(NasExperiment.TrainerKey) && parameter[NasExperiment.TrainerKey].ContainsKey(NasExperiment.TrainerKey)
            ? parameter[NasExperiment.TrainerKey][NasExperiment.TrainerKey].AsString()
            : "unknown";

    private (long Id, StudyInfo Info) RequireStudy(DbConnection connection, DbTransaction transaction, string studyName)
    {
        if (FindStudy(connection, transaction, studyName) is { } study)
        {
            return study;
        }

        var others = ListStudies(connection, transaction);
        throw new ArgumentException(
            $"The trial store '{dialect.Shown}' holds no study '{studyName}'; "
            + (others.Count == 0 ? "it holds no study yet." : $"its studies: {string.Join(", ", others.Select(s => s.Describe()))}."),
            nameof(studyName));
    }

    private static IReadOnlyList<StudyInfo> ListStudies(DbConnection connection, DbTransaction? transaction)
    {
        using var command = Command(connection, transaction, StudyQuery + " ORDER BY s.name");
        using var reader = command.ExecuteReader();
        var studies = new List<StudyInfo>();
        while (reader.Read())
        {
            studies.Add(ReadStudy(reader).Info);
        }

        return studies;
    }

    private static (long Id, StudyInfo Info)? FindStudy(DbConnection connection, DbTransaction transaction, string name)
    {
        using var command = Command(connection, transaction, StudyQuery + " WHERE s.name = @name", ("@name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadStudy(reader) : null;
    }

    private static (long Id, StudyInfo Info) ReadStudy(DbDataReader reader)
    {
        string name = reader.GetString(1);
        if (!Enum.TryParse(reader.GetString(2), out NasTaskKind kind) || !Enum.TryParse(reader.GetString(3), out NasMetric metric))
        {
            throw new InvalidDataException($"The study '{name}' has the unknown task kind '{reader.GetString(2)}' or metric '{reader.GetString(3)}'.");
        }

        return (reader.GetInt64(0), new StudyInfo(name, kind, metric, Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture)));
    }

    private static List<TrialResult> ReadTrials(DbConnection connection, DbTransaction transaction, string where, (string Name, object? Value) parameter, string studyName)
    {
        using var command = Command(connection, transaction, $"SELECT {TrialColumns} FROM trials t JOIN runs r ON r.run_id = t.run_id WHERE {where} ORDER BY t.run_id, t.trial_id", parameter);
        using var reader = command.ExecuteReader();
        var trials = new List<TrialResult>();
        while (reader.Read())
        {
            trials.Add(ReadTrial(reader, studyName));
        }

        return trials;
    }

    private static List<RunningRow> ReadRunning(DbConnection connection, DbTransaction transaction, long runId, string locking = "")
    {
        using var command = Command(connection, transaction, $"SELECT trial_id, parameter, worker, heartbeat_utc FROM trials WHERE run_id = @run AND status = 'running' ORDER BY trial_id{locking}", ("@run", runId));
        using var reader = command.ExecuteReader();
        var rows = new List<RunningRow>();
        while (reader.Read())
        {
            rows.Add(new RunningRow(reader.GetInt32(0), Parameter.FromJson(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : ParseTime(reader.GetString(3))));
        }

        return rows;
    }

    private static LastRunRow? ReadLastRun(DbConnection connection, DbTransaction transaction, long studyId, string studyName, string locking)
    {
        long? runId;
        using (var latest = Command(connection, transaction, "SELECT MAX(run_id) FROM runs WHERE study_id = @study", ("@study", studyId)))
        {
            runId = latest.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
        }

        if (runId is null)
        {
            return null;
        }

        using var command = Command(connection, transaction,
            "SELECT r.run_id, r.spec, r.owner, r.heartbeat_utc, r.elapsed_seconds, r.ended, "
            + "(SELECT COUNT(*) FROM trials t WHERE t.run_id = r.run_id AND t.status <> 'running') "
            + $"FROM runs r WHERE r.run_id = @run{locking}",
            ("@run", runId.Value));
        using var reader = command.ExecuteReader();
        reader.Read();
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

        DateTime? heartbeat = reader.IsDBNull(3) ? null : ParseTime(reader.GetString(3));
        var info = new StoredRunInfo(run, spec, Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture), TimeSpan.FromSeconds(reader.GetDouble(4)), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture) == 1);
        return new LastRunRow(info, reader.IsDBNull(2) ? null : reader.GetString(2), heartbeat);
    }

    private static TrialResult ReadTrial(DbDataReader reader, string studyName)
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

    private T Use<T>(Func<DbConnection, T> work)
    {
        try
        {
            using var connection = dialect.Open();
            return work(connection);
        }
        catch (Exception e) when (dialect.Translate(e) is { } translated)
        {
            throw translated;
        }
        catch (InvalidDataException e) when (!e.Message.Contains(dialect.Shown, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{dialect.Shown}': {e.Message}", e);
        }
    }

    /// <summary>A command on <paramref name="connection"/> with named parameters (@name), in <paramref name="transaction"/> when given.</summary>
    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    internal static void Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    internal static long Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed record LastRunRow(StoredRunInfo Info, string? Owner, DateTime? Heartbeat);

    private sealed record RunningRow(int TrialId, Parameter Parameter, string? Worker, DateTime? Heartbeat);
}
