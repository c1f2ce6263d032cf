namespace MlNetNas.Search.Pruning;

/// <summary>
/// Asynchronous Hyperband (Li et al., 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization";
/// asynchronous like Optuna's <c>HyperbandPruner</c>), with epochs as the resource. ASHA with a small first rung stops
/// slow starters early; Hyperband hedges against that by running several ASHA brackets side by side, from the most
/// aggressive to one that never stops anything.
/// <para>
/// The maximum resource R is the largest <c>minEpochs·η^s_max</c> not above <c>maxEpochs</c>. Bracket b (0 … s_max) is a
/// <see cref="SuccessiveHalvingPruner"/> whose first rung is <c>minEpochs·η^b</c>; rungs at or beyond R are not decision
/// points, since a trial that has trained R epochs has had its full budget, so bracket s_max never prunes. A trial
/// belongs to one bracket, fixed by its id, and is compared only with the trials of that bracket.
/// </para>
/// <para>
/// Brackets are weighted by Hyperband's number of configurations, <c>n_b = ⌈(s_max + 1)·η^(s_max−b) / (s_max − b + 1)⌉</c>,
/// so the aggressive brackets get the most trials. With P = Σ n_b, trial id t sits at position <c>(t·k) mod P</c>, where k
/// is the integer coprime with P nearest to P/φ (φ the golden ratio); positions 0 … n_0 − 1 belong to bracket 0, the next
/// n_1 to bracket 1, and so on. Every P consecutive ids therefore hold exactly n_b trials of bracket b, and consecutive ids
/// jump across the brackets, so a short run also sees several brackets. No randomness is involved.
/// </para>
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly int[] _weights;
    private readonly long[] _cumulative;
    private readonly long _period;
    private readonly long _stride;

    /// <summary>Creates the pruner.</summary>
    /// <param name="minEpochs">The smallest first rung (that of the most aggressive bracket), in epochs.</param>
    /// <param name="maxEpochs">The most epochs a trial may train; R is the largest <c>minEpochs·η^k</c> not above it.</param>
    /// <param name="reductionFactor">η: rungs grow by η and each keeps about 1/η of its bracket's trials.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one epoch, a maximum below the minimum, or a factor below 2.</exception>
    public HyperbandPruner(int minEpochs = 2, int maxEpochs = 60, int reductionFactor = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, minEpochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        MinEpochs = minEpochs;
        ReductionFactor = reductionFactor;

        var sMax = 0;
        long resource = minEpochs;
        while (resource * reductionFactor <= maxEpochs)
        {
            resource *= reductionFactor;
            sMax++;
        }

        MaxResource = (int)resource;
        _brackets = new SuccessiveHalvingPruner[sMax + 1];
        _weights = new int[sMax + 1];
        _cumulative = new long[sMax + 1];
        long firstRung = minEpochs;
        for (var b = 0; b <= sMax; b++, firstRung *= reductionFactor)
        {
            _brackets[b] = new SuccessiveHalvingPruner((int)firstRung, reductionFactor);

            // Paper's s counts rungs left above the first one: s = s_max − b.
            var s = sMax - b;
            var configurations = (long)Math.Ceiling((sMax + 1) * Math.Pow(reductionFactor, s) / (s + 1));
            _weights[b] = (int)Math.Min(configurations, int.MaxValue);
            _period += _weights[b];
            _cumulative[b] = _period;
        }

        _stride = CoprimeNear(_period, _period / ((1 + Math.Sqrt(5)) / 2));
    }

    /// <summary>The smallest first rung, in epochs.</summary>
    public int MinEpochs { get; }

    /// <summary>R: the largest <c>MinEpochs·η^k</c> not above the maximum given; no trial is pruned at or after it.</summary>
    public int MaxResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>The number of brackets, s_max + 1.</summary>
    public int BracketCount => _brackets.Length;

    /// <summary>Hyperband's number of configurations per bracket, the most aggressive bracket first: the relative share of trial ids each gets.</summary>
    public IReadOnlyList<int> BracketWeights => _weights.AsReadOnly();

    /// <summary>The bracket of trial <paramref name="trialId"/>: 0 (first rung at <see cref="MinEpochs"/>) to <see cref="BracketCount"/> − 1 (never prunes).</summary>
    public int BracketOf(int trialId)
    {
        var position = (long)(((Int128)Mod(trialId, _period) * _stride) % _period);
        var bracket = 0;
        while (position >= _cumulative[bracket])
        {
            bracket++;
        }

        return bracket;
    }

    /// <summary>The epochs at which trials of <paramref name="bracket"/> can be pruned: its first rung times powers of η, below <see cref="MaxResource"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such bracket.</exception>
    public IReadOnlyList<int> Rungs(int bracket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bracket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bracket, _brackets.Length);
        return _brackets[bracket].Rungs(MaxResource - 1);
    }

    /// <inheritdoc />
    public bool ShouldPrune(int trialId, int epoch, double validationLoss)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        return epoch < MaxResource && _brackets[BracketOf(trialId)].ShouldPrune(trialId, epoch, validationLoss);
    }

    /// <inheritdoc />
    public void Complete(int trialId, IReadOnlyList<double> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        _brackets[BracketOf(trialId)].Complete(trialId, curve);
    }

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;

    // The stride nearest the target (below first, then above) that is coprime with the period, so that ids map one-to-one onto positions.
    private static long CoprimeNear(long period, double target)
    {
        var centre = Math.Max(1, (long)Math.Round(target));
        for (long offset = 0; ; offset++)
        {
            foreach (var candidate in new[] { centre - offset, centre + offset })
            {
                if (candidate >= 1 && Gcd(candidate, period) == 1)
                {
                    return candidate % period;
                }
            }
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
