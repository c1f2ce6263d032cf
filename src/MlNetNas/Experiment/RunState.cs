using System.Diagnostics;
using MlNetNas.Experiment.Storage;

namespace MlNetNas.Experiment;

/// <summary>The state of one run: its data, clocks, trials, ensemble candidates and best trial so far.</summary>
/// <remarks>
/// A resumed run counts its budget from where the stopped one left off: <see cref="Spent"/> is what that one had used, the
/// <see cref="Deadline"/> on this run's <see cref="Clock"/> is the budget less it, and <see cref="Now"/> runs on from it.
/// </remarks>
internal sealed class RunState(NasTask task, FeaturizedDataCache[] featurized, Stopwatch clock, TimeSpan deadline, ITrialStore? store, StudyRun? storedRun, CancellationToken cancellation, TimeSpan spent = default)
{
    public NasTask Task { get; } = task;

    public FeaturizedDataCache[] Featurized { get; } = featurized;

    public Stopwatch Clock { get; } = clock;

    public TimeSpan Deadline { get; } = deadline - spent;

    /// <summary>The budget a stopped run of the study had spent before this one resumed it; zero for a new run.</summary>
    public TimeSpan Spent { get; } = spent;

    /// <summary>The time since the run first started, across resumes: what trials' <see cref="TrialResult.FinishedAt"/> count.</summary>
    public TimeSpan Now => Spent + Clock.Elapsed;

    public StudyRun? StoredRun { get; } = storedRun;

    public CancellationToken Cancellation { get; } = cancellation;

    public List<TrialResult> Trials { get; } = [];

    public EnsembleSelection Ensembles { get; } = new(task);

    public Incumbent Incumbent { get; } = new(task);

    /// <summary>The worker thread the trials run on, each held to its time limit.</summary>
    public TrialWatchdog Watchdog { get; } = new();

    public bool Cancelled { get; set; }

    /// <summary>Whether other processes may work on the stored run: then the ensemble trial stays out of the store (its id is the store's to hand out).</summary>
    public bool Shared { get; init; }

    /// <summary>The one-shot search's result while its cell waits for its retraining trial; null otherwise.</summary>
    public Search.OneShot.OneShotResult? PendingRetrain { get; set; }

    /// <summary>The one-shot search's result, when the run had one.</summary>
    public Search.OneShot.OneShotResult? OneShot { get; set; }

    /// <summary>Tells the store, when the run has one, that a trial starts (so a process that dies has it run again).</summary>
    public void MarkRunning(int trialId, string trainer, MlNetNas.SearchSpace.Parameter parameter)
    {
        if (StoredRun is not null)
        {
            store!.MarkRunning(StoredRun, trialId, trainer, parameter);
        }
    }

    /// <summary>Claims the next trial of a shared run in the store (see <see cref="ITrialStore.Claim"/>).</summary>
    public ClaimedTrial? Claim(Func<int, MlNetNas.SearchSpace.Parameter?> propose, int maxTrials) => store!.Claim(StoredRun!, propose, maxTrials);

    /// <summary>How many trials of the shared run other live processes are running.</summary>
    public int RunningElsewhere() => store!.RunningElsewhere(StoredRun!);

    /// <summary>The finished trials of a shared run that other processes stored and <paramref name="known"/> lacks.</summary>
    public IEnumerable<TrialResult> OthersFinished(IReadOnlySet<int> known) => store!.Finished(StoredRun!).Where(t => !known.Contains(t.TrialId)).ToArray();

    /// <summary>Refreshes the stored run's heartbeat; a failing beat is retried at the next (a failing trial write stops the run).</summary>
    public void Heartbeat()
    {
        try
        {
            if (StoredRun is not null)
            {
                store!.Heartbeat(StoredRun, Now);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or System.Data.Common.DbException)
        {
        }
    }

    /// <summary>Marks the stored run as ended on its own.</summary>
    public void EndStoredRun()
    {
        if (StoredRun is not null)
        {
            store!.EndRun(StoredRun, Now);
        }
    }

    /// <summary>Adds a finished trial, and appends it to the store when the run has one.</summary>
    public void Record(TrialResult result)
    {
        lock (Trials)
        {
            RecordLocked(result);
        }
    }

    /// <summary>Adds a trial of the stopped run that this one resumes: it is in the store already.</summary>
    public void Replay(TrialResult result)
    {
        lock (Trials)
        {
            Trials.Add(result);
        }
    }

    private void RecordLocked(TrialResult result)
    {
        Trials.Add(result);
        if (StoredRun is not null && !(Shared && result.Trainer == NasExperiment.EnsembleName))
        {
            store!.Append(StoredRun, result);
        }
    }
}
