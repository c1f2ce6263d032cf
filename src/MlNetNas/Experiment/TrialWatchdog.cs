using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML;

namespace MlNetNas.Experiment;

/// <summary>
/// Runs trials on one worker thread and holds each to a time limit whatever it runs. At the limit it asks the trial's
/// <see cref="MLContext"/> to stop (ML.NET's trainers, FastTree and the linear ones among them, check that flag as they
/// go and throw); a trial still running a grace period later is abandoned where it runs (the worker thread is left to it,
/// a background thread that ends with the trial or the process, and later trials get a new one) so that the experiment
/// goes on. Either way the trial ends in a <see cref="TrialTimeoutException"/>. One thread serves every trial: a new
/// thread per trial took an optdigits search from 0.9 to 3.7 GB of peak memory (native libraries keep per-thread memory).
/// </summary>
internal sealed class TrialWatchdog : IDisposable
{
    /// <summary>How long a trial asked to stop may take to return before it is abandoned.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    // MLContext.CancelExecution is internal in ML.NET 5 (public only through Microsoft.ML.Experimental, which is not served here).
    private static readonly MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);

    private BlockingCollection<Action>? queue;

    /// <summary>Whether ML.NET's cooperative stop is reachable; without it a trial past its limit can only be abandoned.</summary>
    public static bool CanStopMlNet => CancelExecution is not null;

    /// <summary>
    /// Runs <paramref name="trial"/> on the worker thread and returns its result, or throws <see cref="TrialTimeoutException"/>
    /// when it has not returned by <paramref name="limit"/> (it is then stopped through <paramref name="context"/>, or
    /// abandoned), and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled first
    /// (stopped the same way). Exceptions of the trial itself are rethrown as they are.
    /// </summary>
    public T Run<T>(Func<T> trial, MLContext context, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        T result = default!;
        Exception? error = null;
        // Never disposed: an abandoned trial sets it long after this method has returned.
        var done = new ManualResetEventSlim();
        Worker().Add(() =>
        {
            try
            {
                result = trial();
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                done.Set();
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done.Wait(Slice(limit - clock.Elapsed)))
        {
            if (cancellationToken.IsCancellationRequested || clock.Elapsed >= limit)
            {
                bool cancelled = cancellationToken.IsCancellationRequested;
                CancelExecution?.Invoke(context, null);
                bool returned = done.Wait(Grace);
                if (!returned)
                {
                    Abandon();
                }

                if (cancelled)
                {
                    throw new OperationCanceledException($"{what} was cancelled{(returned ? string.Empty : " and abandoned where it runs")}.", cancellationToken);
                }

                if (!returned)
                {
                    throw new TrialTimeoutException($"{what} was still running at its time limit ({Seconds(limit)}); abandoned where it runs.");
                }

                if (error is not null && IsCancellation(error))
                {
                    throw new TrialTimeoutException($"{what} was stopped at its time limit ({Seconds(limit)}).", error);
                }

                break; // it finished in the grace period, before it saw the stop
            }
        }

        return error is null ? result : throw Rethrow(error);
    }

    /// <summary>Lets the worker thread end once its current trial has.</summary>
    public void Dispose() => Abandon();

    private BlockingCollection<Action> Worker()
    {
        if (queue is null)
        {
            var work = new BlockingCollection<Action>();
            var thread = new Thread(() =>
            {
                foreach (var item in work.GetConsumingEnumerable())
                {
                    item();
                }
            })
            {
                IsBackground = true,
                Name = "mlnet-nas trials",
            };
            thread.Start();
            queue = work;
        }

        return queue;
    }

    private void Abandon()
    {
        queue?.CompleteAdding();
        queue = null;
    }

    // Wakes at least ten times a second to see a cancellation.
    private static TimeSpan Slice(TimeSpan left) => left < TimeSpan.Zero ? TimeSpan.Zero : left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100);

    private static bool IsCancellation(Exception e) => e switch
    {
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsCancellation),
        _ => e.InnerException is { } inner && IsCancellation(inner),
    };

    private static Exception Rethrow(Exception e)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
        return e; // not reached
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:F1} s";
}
