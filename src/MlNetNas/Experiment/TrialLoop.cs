using System.Diagnostics;
using MlNetNas.Experiment.ParallelTrials;
using MlNetNas.Experiment.PostSearch;
using MlNetNas.Experiment.Storage;
using MlNetNas.Search;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// The experiment's trial loop: batches of proposals run (one at a time or several at once), recorded and told to the
/// tuners in trial order; a resumed run's stored trials replayed in their place; a shared run's trials claimed in the
/// store and the other processes' results read in.
/// </summary>
internal sealed class TrialLoop(int parallelTrials, int maxTrials, bool oneShotThenTune)
{
    /// <summary>
    /// Proposes a batch of trials (one, or <see cref="NasExperiment.SetParallelTrials"/> at once), runs them, and tells
    /// the tuners how they went in trial order, until the budget, the trial count or the tuners run out. Proposing a
    /// whole batch before any of its results is known keeps the trial sequence a function of the seed alone, however
    /// long each trial takes. A resumed run's finished trials take their place in the batches instead of running again
    /// (<see cref="ReplayStored"/>); the best of them is trained again for its model before the first new trial.
    /// </summary>
    /// <remarks>
    /// In a <paramref name="shared"/> run the trials after those are claimed in the store (<see cref="ITrialStore.Claim"/>),
    /// and before each batch the results other processes stored meanwhile are read and told to the tuners.
    /// </remarks>
    public ResumeSummary? Run(RunState run, TrainerPortfolio portfolio, RunSettings settings, ResumedRun? resumed, bool shared, SearchCounts counts)
    {
        // The ensemble trial is not a proposal: it is formed again at the end.
        var stored = resumed?.Finished.Where(t => t.Trainer != NasExperiment.EnsembleName).ToDictionary(t => t.TrialId) ?? [];
        var interrupted = resumed?.Interrupted.Select(t => t.TrialId).ToHashSet() ?? [];
        var known = new HashSet<int>(stored.Keys.Concat(interrupted).Concat(run.Trials.Select(t => t.TrialId)));
        using var slots = new TrialSlots(parallelTrials);
        var watchdogs = Enumerable.Range(0, parallelTrials).Select(i => i == 0 ? run.Watchdog : new TrialWatchdog()).ToArray();
        int? cpuCap = parallelTrials > 1 ? Math.Max(1, Environment.ProcessorCount / parallelTrials) : null;
        var runners = watchdogs.Select(w => new TrialRunner(settings, w, cpuCap)).ToArray();
        var replay = new ReplayCount();
        try
        {
            int trialId = run.Trials.Count + 1;
            while (!run.Cancelled)
            {
                if (shared && stored.Count == 0 && interrupted.Count == 0)
                {
                    IngestOthers(run, portfolio, known);
                }

                var batch = new List<PlannedTrial>();
                while (batch.Count < parallelTrials)
                {
                    bool isStored = stored.Remove(trialId, out var done);
                    // No trial starts in the last second: even the cheapest would end past the deadline. Stored trials cost nothing.
                    if (!isStored && (trialId > maxTrials || run.Clock.Elapsed + RefitStep.Reserve(run, settings) + TimeSpan.FromSeconds(1) >= run.Deadline))
                    {
                        break;
                    }

                    if (run.Cancellation.IsCancellationRequested)
                    {
                        run.Cancelled = true;
                        break;
                    }

                    if (shared && !isStored && !interrupted.Remove(trialId))
                    {
                        // The stopped run's own trials are behind us: the store hands out the next one, to whichever process asks first.
                        var claim = run.Claim(portfolio.Propose, maxTrials);
                        if (claim is null)
                        {
                            break;
                        }

                        known.Add(claim.TrialId);
                        counts.Requeued += claim.Requeued ? 1 : 0;
                        batch.Add(new PlannedTrial(claim.TrialId, claim.Parameter[NasExperiment.TrainerKey][NasExperiment.TrainerKey].AsString(), claim.Parameter, null) { Claimed = true, Foreign = claim.Requeued });
                        trialId = claim.TrialId + 1;
                        continue;
                    }

                    var parameter = portfolio.Propose(trialId);
                    if (parameter is null)
                    {
                        break;
                    }

                    batch.Add(new PlannedTrial(trialId++, parameter[NasExperiment.TrainerKey][NasExperiment.TrainerKey].AsString(), parameter, done));
                }

                if (batch.Count == 0 || run.Cancelled)
                {
                    break;
                }

                RunBatch(run, portfolio, settings, batch, slots, runners, replay);
                counts.Run += batch.Count(t => t.Stored is null);
                if (run.OneShot is not null && run.PendingRetrain is null && !oneShotThenTune)
                {
                    break; // the one-shot search's cell is retrained: its answer is complete
                }
            }

            if (shared)
            {
                // The run's own process makes the model: it waits (within its budget) for the trials other processes still run.
                while (!counts.Worker && !run.Cancellation.IsCancellationRequested && run.Clock.Elapsed < run.Deadline && run.RunningElsewhere() > 0)
                {
                    run.Cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                }

                IngestOthers(run, portfolio, known);
            }

            if (run.Incumbent.NeedsModel && !run.Cancelled && !counts.Worker)
            {
                replay.RetrainedBest |= RetrainStoredBest(run, settings);
            }
        }
        finally
        {
            foreach (var watchdog in watchdogs.Skip(1))
            {
                watchdog.Dispose();
            }
        }

        return resumed is null ? null : new ResumeSummary(replay.Replayed, resumed.Interrupted.Count, replay.Differing, resumed.Elapsed, replay.RetrainedBest);
    }

    /// <summary>Runs a batch's new trials at once, then records every trial of it and tells the tuners, in trial order.</summary>
    private void RunBatch(RunState run, TrainerPortfolio portfolio, RunSettings settings, List<PlannedTrial> batch, TrialSlots slots, TrialRunner[] runners, ReplayCount replay)
    {
        foreach (var trial in batch.Where(t => t.Stored is { Metric: not null, Status: TrialStatus.Completed or TrialStatus.Pruned }))
        {
            run.Incumbent.OfferStored(trial.Stored!);
        }

        var fresh = batch.Where(t => t.Stored is null).ToList();
        if (fresh.Count > 0 && run.Incumbent.NeedsModel)
        {
            replay.RetrainedBest |= RetrainStoredBest(run, settings); // before the first new trial, which may lean on it
        }

        var outcomes = new TrialOutcome?[fresh.Count];
        foreach (var trial in fresh)
        {
            settings.Monitor?.ReportRunningTrial(trial.Id, trial.Trainer, trial.Parameter);
            if (!trial.Claimed)
            {
                run.MarkRunning(trial.Id, trial.Trainer, trial.Parameter);
            }
        }

        slots.RunAll(fresh.Select((trial, i) => (Action)(() => outcomes[i] = RunOne(run, runners[i], settings, trial))).ToArray());
        var byId = fresh.Select((trial, i) => (trial.Id, Outcome: outcomes[i]!)).ToDictionary(p => p.Id, p => p.Outcome);
        foreach (var trial in batch)
        {
            if (trial.Stored is { } done)
            {
                ReplayStored(run, portfolio, settings, done, replay);
                continue;
            }

            var outcome = byId[trial.Id];
            if (outcome.Cancelled)
            {
                run.Cancelled = true; // the caller's cancellation: the trial is not recorded, as if it had not started
                continue;
            }

            run.Record(outcome.Result!);
            if (outcome.NotStarted)
            {
                portfolio.Retire(trial.Trainer);
            }

            var observation = new TrialObservation(trial.Id, outcome.Result!.Parameter, outcome.Result.Metric is { } m ? run.Task.ToLoss(m) : null, outcome.Result.Status, outcome.Result.Duration);
            if (trial.Foreign)
            {
                portfolio.WarmStart([observation]); // taken over from a dead process: these tuners did not propose it
            }
            else
            {
                portfolio.Update(observation);
            }
        }
    }

    /// <summary>Reads the results other processes of a shared run stored since the last look, and tells the leaderboard, the incumbent and the tuners.</summary>
    private static void IngestOthers(RunState run, TrainerPortfolio portfolio, HashSet<int> known)
    {
        foreach (var other in run.OthersFinished(known))
        {
            known.Add(other.TrialId);
            run.Replay(other);
            if (other.Metric is not null && other.Status is TrialStatus.Completed or TrialStatus.Pruned)
            {
                run.Incumbent.OfferStored(other);
            }

            portfolio.WarmStart([new TrialObservation(other.TrialId, other.Parameter, other.Metric is { } m ? run.Task.ToLoss(m) : null, other.Status, other.Duration)], ranElsewhere: true);
        }
    }

    /// <summary>Runs one trial; a failure or time-out is its result, the caller's cancellation is reported as such.</summary>
    private static TrialOutcome RunOne(RunState run, TrialRunner runner, RunSettings settings, PlannedTrial trial)
    {
        var trialClock = Stopwatch.StartNew();
        try
        {
            return new TrialOutcome(runner.Run(run, trial.Id, trial.Trainer, trial.Parameter, trialClock), false, false);
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            return new TrialOutcome(null, true, false);
        }
        catch (TrialTimeoutException e)
        {
            // Out of time: recorded as cancelled; a trainer that cannot fit the time left gets no more trials.
            var result = new TrialResult(trial.Id, trial.Trainer, trial.Parameter, TrialStatus.Cancelled, null, trialClock.Elapsed, e.Message) { FinishedAt = run.Now };
            settings.Monitor?.ReportFailedTrial(result);
            return new TrialOutcome(result, false, e.NotStarted);
        }
        catch (Exception e)
        {
            var result = new TrialResult(trial.Id, trial.Trainer, trial.Parameter, TrialStatus.Failed, null, trialClock.Elapsed, FailureMessage.Of(e)) { FinishedAt = run.Now };
            settings.Monitor?.ReportFailedTrial(result);
            return new TrialOutcome(result, false, false);
        }
    }

    /// <summary>Takes a stopped run's finished trial in place of running it: on the leaderboard, and told to the tuners as it ran then.</summary>
    private static void ReplayStored(RunState run, TrainerPortfolio portfolio, RunSettings settings, TrialResult done, ReplayCount replay)
    {
        run.Replay(done);
        if (done.Metric is not null && done.Status is TrialStatus.Completed or TrialStatus.Pruned)
        {
            settings.Monitor?.ReportCompletedTrial(done);
        }
        else
        {
            settings.Monitor?.ReportFailedTrial(done);
        }

        if (done.Status == TrialStatus.Cancelled && done.Error?.Contains(TrialTimeoutException.NotStartedNote, StringComparison.Ordinal) == true)
        {
            portfolio.Retire(done.Trainer);
        }

        if (!portfolio.Replay(new TrialObservation(done.TrialId, done.Parameter, done.Metric is { } m ? run.Task.ToLoss(m) : null, done.Status, done.Duration), done.Trainer))
        {
            replay.Differing++;
        }

        replay.Replayed++;
    }

    /// <summary>Trains the stopped run's best trial again (same parameters and seed) for its model; on failure, forgets it as the best.</summary>
    private static bool RetrainStoredBest(RunState run, RunSettings settings)
    {
        var best = run.Incumbent.Trial!;
        try
        {
            // Quietly: the trial is on the leaderboard already. Its model is what matters, whatever the budget left.
            new TrialRunner(settings with { Monitor = null }).Run(run, best.TrialId, best.Trainer, best.Parameter, Stopwatch.StartNew(), ignoreDeadline: true);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Incumbent.Forget(); // the trials still to run compete for its place
            return false;
        }
    }

    private sealed record PlannedTrial(int Id, string Trainer, Parameter Parameter, TrialResult? Stored)
    {
        /// <summary>Marked running by the store's claim already.</summary>
        public bool Claimed { get; init; }

        /// <summary>Taken over from a process that died: this run's tuners did not propose it.</summary>
        public bool Foreign { get; init; }
    }


    private sealed record TrialOutcome(TrialResult? Result, bool Cancelled, bool NotStarted);

    private sealed class ReplayCount
    {
        public int Replayed { get; set; }

        public int Differing { get; set; }

        public bool RetrainedBest { get; set; }
    }
}
