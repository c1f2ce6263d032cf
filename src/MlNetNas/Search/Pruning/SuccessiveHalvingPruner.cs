namespace MlNetNas.Search.Pruning;

/// <summary>
/// Asynchronous successive halving, ASHA (Li et al., 2020, "A System for Massively Parallel Hyperparameter Tuning"),
/// with epochs as the budget. Rungs sit at <c>minEpochs·η^k</c> epochs (k = 0, 1, …). When a trial reaches a rung, its
/// best validation loss so far is recorded there, and the trial goes on only if that loss is among the best
/// ⌈n/η⌉ of the n losses recorded at the rung (its own included); otherwise it is pruned. Decisions never wait for
/// other trials, so the first trial at a rung always goes on, and later trials must keep up with the top 1/η of
/// everything seen at their rung. η = 3 keeps a third at each rung.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private readonly int _minEpochs;
    private readonly int _reductionFactor;
    private readonly Dictionary<int, double> _running = [];
    private readonly Dictionary<int, Dictionary<int, double>> _rungs = [];

    /// <summary>Creates the pruner.</summary>
    /// <param name="minEpochs">The first rung, in epochs.</param>
    /// <param name="reductionFactor">η: each rung is η times the previous one and keeps about 1/η of the trials.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one epoch or a factor below 2.</exception>
    public SuccessiveHalvingPruner(int minEpochs = 2, int reductionFactor = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        _minEpochs = minEpochs;
        _reductionFactor = reductionFactor;
    }

    /// <summary>The rung epochs up to <paramref name="maxEpochs"/>: minEpochs, minEpochs·η, minEpochs·η², ….</summary>
    public IReadOnlyList<int> Rungs(int maxEpochs)
    {
        var rungs = new List<int>();
        for (long epoch = _minEpochs; epoch <= maxEpochs; epoch *= _reductionFactor)
        {
            rungs.Add((int)epoch);
        }

        return rungs;
    }

    /// <inheritdoc />
    public bool ShouldPrune(int trialId, int epoch, double validationLoss)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        var best = Math.Min(_running.GetValueOrDefault(trialId, double.PositiveInfinity), double.IsNaN(validationLoss) ? double.PositiveInfinity : validationLoss);
        _running[trialId] = best;
        if (RungOf(epoch) is not { } rung)
        {
            return false;
        }

        var recorded = Record(rung, trialId, best);
        var kept = (recorded.Count + _reductionFactor - 1) / _reductionFactor;
        var better = recorded.Count(r => r.Key != trialId && r.Value < best);
        if (better >= kept)
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

        // A trial known only from its curve (priming) joins every rung it reached; reported trials are there already.
        var best = double.PositiveInfinity;
        for (var e = 1; e <= curve.Count; e++)
        {
            best = Math.Min(best, double.IsNaN(curve[e - 1]) ? double.PositiveInfinity : curve[e - 1]);
            if (RungOf(e) is { } rung)
            {
                Record(rung, trialId, best, overwrite: false);
            }
        }
    }

    private int? RungOf(int epoch)
    {
        var k = 0;
        for (long rung = _minEpochs; rung <= epoch; rung *= _reductionFactor, k++)
        {
            if (rung == epoch)
            {
                return k;
            }
        }

        return null;
    }

    private Dictionary<int, double> Record(int rung, int trialId, double loss, bool overwrite = true)
    {
        if (!_rungs.TryGetValue(rung, out var recorded))
        {
            recorded = [];
            _rungs[rung] = recorded;
        }

        if (overwrite || !recorded.ContainsKey(trialId))
        {
            recorded[trialId] = loss;
        }

        return recorded;
    }
}
