namespace MlNetNas.Experiment.ParallelTrials;

/// <summary>
/// Runs the trials of one batch at once: the first on the calling thread (a network trains best there: the optdigits
/// search peaked at 0.9 GB on it and 2.2-2.8 GB on a worker thread), the others each on a long-lived thread of its
/// slot, so that native libraries' per-thread memory is paid once per slot, not once per trial.
/// </summary>
internal sealed class TrialSlots : IDisposable
{
    private readonly List<System.Collections.Concurrent.BlockingCollection<Action>> workers = [];

    /// <summary>Creates <paramref name="count"/> slots (the first is the caller's thread).</summary>
    public TrialSlots(int count)
    {
        for (int slot = 1; slot < count; slot++)
        {
            var work = new System.Collections.Concurrent.BlockingCollection<Action>();
            var thread = new Thread(() =>
            {
                foreach (var item in work.GetConsumingEnumerable())
                {
                    item();
                }
            })
            {
                IsBackground = true,
                Name = $"mlnet-nas trial slot {slot}",
            };
            thread.Start();
            workers.Add(work);
        }
    }

    /// <summary>How many trials run at once.</summary>
    public int Count => workers.Count + 1;

    /// <summary>Runs <paramref name="trials"/> (at most <see cref="Count"/>), trial i in slot i, and returns when all have; their exceptions are theirs to catch.</summary>
    public void RunAll(IReadOnlyList<Action> trials)
    {
        if (trials.Count > Count)
        {
            throw new ArgumentException($"{trials.Count} trials for {Count} slots.", nameof(trials));
        }

        var done = new CountdownEvent(trials.Count);
        for (int i = 1; i < trials.Count; i++)
        {
            var trial = trials[i];
            workers[i - 1].Add(() =>
            {
                try
                {
                    trial();
                }
                finally
                {
                    done.Signal();
                }
            });
        }

        if (trials.Count > 0)
        {
            try
            {
                trials[0]();
            }
            finally
            {
                done.Signal();
            }
        }

        done.Wait();
        done.Dispose();
    }

    /// <summary>Lets the slots' threads end.</summary>
    public void Dispose()
    {
        foreach (var work in workers)
        {
            work.CompleteAdding();
        }
    }
}
