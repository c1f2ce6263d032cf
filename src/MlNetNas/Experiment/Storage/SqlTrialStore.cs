using MlNetNas.Experiment.Storage.Sql;
using MlNetNas.SearchSpace;

namespace MlNetNas.Experiment.Storage;

/// <summary>
/// A trial store in a SQL database: the statements every such store runs (<see cref="SqliteTrialStore"/>,
/// <see cref="PostgresTrialStore"/>), each in its own transaction.
/// </summary>
public abstract class SqlTrialStore : ITrialStore
{
    private readonly SqlTrialTables tables;

    private protected SqlTrialStore(ISqlDialect dialect)
    {
        tables = new SqlTrialTables(dialect);
        tables.CreateSchema();
    }

    /// <inheritdoc/>
    public StudyRun StartRun(string studyName, NasTask task) => StartRun(studyName, task, RunSpec.Unknown);

    /// <inheritdoc/>
    public StudyRun StartRun(string studyName, NasTask task, RunSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(spec);
        return tables.StartRun(studyName, task, spec);
    }

    /// <inheritdoc/>
    public ResumedRun Resume(string studyName, NasTask task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        ArgumentNullException.ThrowIfNull(task);
        return tables.Resume(studyName, task);
    }

    /// <inheritdoc/>
    public StoredRunInfo? LastRun(string studyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        return tables.LastRun(studyName);
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialResult> Finished(StudyRun run) => tables.Finished(run ?? throw new ArgumentNullException(nameof(run)));

    /// <inheritdoc/>
    public ClaimedTrial? Claim(StudyRun run, Func<int, Parameter?> propose, int maxTrials) =>
        tables.Claim(run ?? throw new ArgumentNullException(nameof(run)), propose ?? throw new ArgumentNullException(nameof(propose)), maxTrials);

    /// <inheritdoc/>
    public int RunningElsewhere(StudyRun run) => tables.RunningElsewhere(run ?? throw new ArgumentNullException(nameof(run)));

    /// <inheritdoc/>
    public void MarkRunning(StudyRun run, int trialId, string trainer, Parameter parameter) =>
        tables.MarkRunning(run ?? throw new ArgumentNullException(nameof(run)), trialId, trainer, parameter ?? throw new ArgumentNullException(nameof(parameter)));

    /// <inheritdoc/>
    public void Append(StudyRun run, TrialResult trial) =>
        tables.Append(run ?? throw new ArgumentNullException(nameof(run)), trial ?? throw new ArgumentNullException(nameof(trial)));

    /// <inheritdoc/>
    public void Heartbeat(StudyRun run, TimeSpan elapsed) => tables.UpdateRun(run ?? throw new ArgumentNullException(nameof(run)), elapsed, ended: false);

    /// <inheritdoc/>
    public void EndRun(StudyRun run, TimeSpan elapsed) => tables.UpdateRun(run ?? throw new ArgumentNullException(nameof(run)), elapsed, ended: true);

    /// <inheritdoc/>
    public IReadOnlyList<TrialResult> Load(string studyName, NasTask task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        ArgumentNullException.ThrowIfNull(task);
        return tables.Load(studyName, task);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StudyInfo> ListStudies() => tables.ListStudies();
}
