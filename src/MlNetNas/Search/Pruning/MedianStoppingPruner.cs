namespace MlNetNas.Search.Pruning;

/// <summary>
/// The median stopping rule (Golovin et al., 2017, "Google Vizier"; Optuna's <c>MedianPruner</c>): after epoch e a
/// trial stops when its best validation loss so far is worse than the median of the completed trials' best losses up to
/// epoch e. A completed trial that ran fewer than e epochs counts with its final best, since a network keeps its best
/// weights. Nothing is pruned during the first <c>warmupEpochs</c> epochs of a trial, nor before
/// <c>minCompletedTrials</c> trials have completed. Pruned trials do not join the reference set.
/// </summary>
public sealed class MedianStoppingPruner : IPruner
{
    private readonly int _warmupEpochs;
    private readonly int _minCompletedTrials;
    private readonly Dictionary<int, double> _running = [];
    private readonly List<double[]> _completed = [];

    /// <summary>Creates the rule.</summary>
    /// <param name="warmupEpochs">Epochs each trial runs before it can be pruned.</param>
    /// <param name="minCompletedTrials">Completed trials needed before any trial is pruned.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative warm-up or fewer than one completed trial.</exception>
    public MedianStoppingPruner(int warmupEpochs = 5, int minCompletedTrials = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupEpochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCompletedTrials, 1);
        _warmupEpochs = warmupEpochs;
        _minCompletedTrials = minCompletedTrials;
    }

    /// <summary>How many completed trials the rule compares with.</summary>
    public int CompletedTrials => _completed.Count;

    /// <inheritdoc />
    public bool ShouldPrune(int trialId, int epoch, double validationLoss)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        var best = Math.Min(_running.GetValueOrDefault(trialId, double.PositiveInfinity), Finite(validationLoss));
        _running[trialId] = best;
        if (epoch <= _warmupEpochs || _completed.Count < _minCompletedTrials)
        {
            return false;
        }

        var references = _completed.Select(curve => curve[Math.Min(epoch, curve.Length) - 1]).Order().ToArray();
        var n = references.Length;
        var median = n % 2 == 1 ? references[n / 2] : 0.5 * (references[(n / 2) - 1] + references[n / 2]);
        if (best > median)
        {
            _running.Remove(trialId);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public void Complete(int trialId, IReadOnlyList<double> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        _running.Remove(trialId);
        if (curve.Count == 0)
        {
            return;
        }

        var bestSoFar = new double[curve.Count];
        var best = double.PositiveInfinity;
        for (var e = 0; e < curve.Count; e++)
        {
            best = Math.Min(best, Finite(curve[e]));
            bestSoFar[e] = best;
        }

        _completed.Add(bestSoFar);
    }

    // A diverged (NaN) loss is as bad as a loss can be.
    private static double Finite(double loss) => double.IsNaN(loss) ? double.PositiveInfinity : loss;
}
