namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// Tree-structured Parzen estimators (Bergstra et al., 2011). The completed trials are split into the best
/// <c>gamma</c> share ("good") and the rest; for every coordinate one density is fitted to each group, using only the
/// trials in which that coordinate is active, so conditional parameters are modelled where they exist. Candidates are
/// drawn from the good densities coordinate by coordinate (a branch's coordinates only when the branch is drawn), and
/// the one with the largest good/bad density ratio is proposed. Already-evaluated points are skipped where the space is finite.
/// </summary>
public sealed class TpeTuner : ITuner
{
    private const int MaxGood = 25;
    private readonly TunerHistory _history;
    private readonly Random _random;
    private readonly int _initialTrials;
    private readonly int _candidates;
    private readonly double _gamma;

    /// <summary>Creates a TPE tuner over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">Seeds every random draw.</param>
    /// <param name="initialTrials">How many random proposals come before the first model.</param>
    /// <param name="candidates">How many candidates are drawn from the good densities per proposal.</param>
    /// <param name="gamma">The share of completed trials counted as good, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1 or gamma is outside (0, 1).</exception>
    public TpeTuner(SearchSpace space, int seed, int initialTrials = 10, int candidates = 24, double gamma = 0.15)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialTrials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        if (!(gamma > 0 && gamma < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must lie in (0, 1).");
        }

        _history = new TunerHistory(space);
        _random = new Random(seed);
        _initialTrials = initialTrials;
        _candidates = candidates;
        _gamma = gamma;
    }

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        var completed = _history.Completed;
        if (completed.Count < _initialTrials)
        {
            return Emit(_history.RandomUnseen(_random));
        }

        var layout = _history.Layout;
        var sorted = completed.OrderBy(c => c.Loss).Select(c => c.Point).ToArray();
        var goodCount = Math.Clamp((int)Math.Ceiling(_gamma * sorted.Length), 1, MaxGood);
        var good = sorted[..goodCount];
        var bad = sorted[goodCount..];
        var goodDensities = new ParzenDensity[layout.Length];
        var badDensities = new ParzenDensity[layout.Length];
        for (var d = 0; d < layout.Length; d++)
        {
            goodDensities[d] = ParzenDensity.Fit(layout.Dimensions[d], Active(good, d));
            badDensities[d] = ParzenDensity.Fit(layout.Dimensions[d], Active(bad, d));
        }

        var candidates = new List<(double[] Point, double Score)>(_candidates);
        for (var c = 0; c < _candidates; c++)
        {
            var point = new double[layout.Length];
            var score = 0.0;
            for (var d = 0; d < layout.Length; d++)
            {
                // Coordinates are ordered so that a branch's coordinates follow the coordinate that chooses the branch.
                if (!layout.IsActive(point, d))
                {
                    point[d] = 0.5;
                    continue;
                }

                point[d] = goodDensities[d].Sample(_random);
                score += Math.Log(goodDensities[d].Density(point[d])) - Math.Log(badDensities[d].Density(point[d]));
            }

            candidates.Add((layout.Canonical(point), score));
        }

        var ranked = candidates.OrderByDescending(c => c.Score).Select(c => c.Point);
        return Emit(_history.FirstUnseen(ranked, _random));
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation) => _history.Observe(observation);

    private double[] Active(double[][] points, int d) =>
        points.Where(p => _history.Layout.IsActive(p, d)).Select(p => p[d]).ToArray();

    private Parameter? Emit(double[]? point) => point is null ? null : _history.Propose(point);
}
