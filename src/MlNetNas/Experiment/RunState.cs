using System.Diagnostics;
using MlNetNas.Experiment.Storage;

namespace MlNetNas.Experiment;

/// <summary>The state of one run: its data, clocks, trials, ensemble candidates and best trial so far.</summary>
internal sealed class RunState(NasTask task, FeaturizedDataCache[] featurized, Stopwatch clock, TimeSpan deadline, ITrialStore? store, StudyRun? storedRun, CancellationToken cancellation)
{
    public NasTask Task { get; } = task;

    public FeaturizedDataCache[] Featurized { get; } = featurized;

    public Stopwatch Clock { get; } = clock;

    public TimeSpan Deadline { get; } = deadline;

    public StudyRun? StoredRun { get; } = storedRun;

    public CancellationToken Cancellation { get; } = cancellation;

    public List<TrialResult> Trials { get; } = [];

    public EnsembleSelection Ensembles { get; } = new(task);

    public Incumbent Incumbent { get; } = new(task);

    /// <summary>The worker thread the trials run on, each held to its time limit.</summary>
    public TrialWatchdog Watchdog { get; } = new();

    public bool Cancelled { get; set; }

    /// <summary>The one-shot search's result while its cell waits for its retraining trial; null otherwise.</summary>
    public Search.OneShot.OneShotResult? PendingRetrain { get; set; }

    /// <summary>The one-shot search's result, when the run had one.</summary>
    public Search.OneShot.OneShotResult? OneShot { get; set; }

    /// <summary>Adds a finished trial, and appends it to the store when the run has one.</summary>
    public void Record(TrialResult result)
    {
        Trials.Add(result);
        if (StoredRun is not null)
        {
            store!.Append(StoredRun, result);
        }
    }
}
