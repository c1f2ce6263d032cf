namespace MlNetNas.Experiment.Storage;

/// <summary>
/// Keeps finished trials by study, as they finish, so that they outlive the process and can warm-start a later
/// experiment (the role of Optuna's storage). A study is a named series of runs of one task kind and metric;
/// each <see cref="NasExperiment"/> run that writes to it is one run, whose trial ids start at 1 again.
/// </summary>
public interface ITrialStore
{
    /// <summary>
    /// Starts a new run of <paramref name="studyName"/>, creating the study for <paramref name="task"/>'s kind and
    /// metric if it does not exist yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The study exists with another task kind or metric; the message names both.</exception>
    StudyRun StartRun(string studyName, NasTask task);

    /// <summary>
    /// Starts a new run of <paramref name="studyName"/> with what continuing it would need, owned by this process (see
    /// <see cref="RunOwner"/>), creating the study for <paramref name="task"/>'s kind and metric if it does not exist yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The study exists with another task kind or metric; the message names both.</exception>
    StudyRun StartRun(string studyName, NasTask task, RunSpec spec);

    /// <summary>
    /// Takes over the last run of <paramref name="studyName"/> to continue it: the run becomes this process's, and its
    /// finished trials, the trials that were running when it stopped and the time it had spent are returned. All of it
    /// happens in one transaction, so of two processes resuming the same run one gets it and the other is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The store holds no such study, or the study has no run; the message lists what it holds.</exception>
    /// <exception cref="InvalidDataException">The study holds another task kind or metric.</exception>
    /// <exception cref="InvalidOperationException">Another live process runs it (its heartbeat is fresh); the message names it.</exception>
    ResumedRun Resume(string studyName, NasTask task);

    /// <summary>The last run of <paramref name="studyName"/>, or null when it has none.</summary>
    /// <exception cref="ArgumentException">The store holds no such study; the message lists the studies it holds.</exception>
    StoredRunInfo? LastRun(string studyName);

    /// <summary>The finished trials of <paramref name="run"/> so far, in trial order (a shared study's processes read each other's results).</summary>
    IReadOnlyList<TrialResult> Finished(StudyRun run);

    /// <summary>
    /// Takes the next trial of a shared study's <paramref name="run"/> for this process, in one transaction that no other
    /// process claims in at the same time: a trial whose process died (stale heartbeat) is taken over with its
    /// parameters; otherwise the next trial id is proposed by <paramref name="propose"/> and marked running. Null when
    /// the run has <paramref name="maxTrials"/> trials or <paramref name="propose"/> has nothing more.
    /// </summary>
    ClaimedTrial? Claim(StudyRun run, Func<int, MlNetNas.SearchSpace.Parameter?> propose, int maxTrials);

    /// <summary>How many trials of <paramref name="run"/> other live processes are running now.</summary>
    int RunningElsewhere(StudyRun run);

    /// <summary>Records that a trial of <paramref name="run"/> started, so that a process that dies has it run again.</summary>
    void MarkRunning(StudyRun run, int trialId, string trainer, MlNetNas.SearchSpace.Parameter parameter);

    /// <summary>Refreshes <paramref name="run"/>'s heartbeat and the budget it has spent.</summary>
    void Heartbeat(StudyRun run, TimeSpan elapsed);

    /// <summary>Marks <paramref name="run"/> as ended on its own, with the budget it spent; it no longer belongs to a process.</summary>
    void EndRun(StudyRun run, TimeSpan elapsed);

    /// <summary>Stores one finished trial of <paramref name="run"/> (replacing its running mark); it is durable when this returns.</summary>
    void Append(StudyRun run, TrialResult trial);

    /// <summary>
    /// Every finished trial of <paramref name="studyName"/>, run by run in the order they started, each run's in trial order
    /// (trial ids repeat across runs). The study must hold <paramref name="task"/>'s kind and metric (the label
    /// column name is not compared), so that losses stay comparable.
    /// </summary>
    /// <exception cref="ArgumentException">The store holds no such study; the message lists the studies it holds.</exception>
    /// <exception cref="InvalidDataException">The study holds another task kind or metric; the message names both.</exception>
    IReadOnlyList<TrialResult> Load(string studyName, NasTask task);

    /// <summary>The studies in the store, by name.</summary>
    IReadOnlyList<StudyInfo> ListStudies();
}
