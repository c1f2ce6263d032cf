namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// SMAC-style Bayesian optimisation (Hutter et al., 2011): a random forest (<see cref="RegressionForest"/>) models the
/// loss, and the next proposal maximises expected improvement over candidates from two sources: random points, and
/// hill climbing on expected improvement from the best points evaluated so far. A fraction of proposals is plain random,
/// to keep exploring. Already-evaluated points are not proposed again where the space is finite.
/// </summary>
public sealed class SmacTuner : ITuner
{
    private readonly TunerHistory _history;
    private readonly Random _random;
    private readonly int _initialTrials;
    private readonly double _randomFraction;
    private readonly int _randomCandidates;
    private readonly int _localStarts;

    /// <summary>Creates a SMAC-style tuner over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">Seeds every random draw (sampling and the forest).</param>
    /// <param name="initialTrials">How many random proposals come before the first model.</param>
    /// <param name="randomFraction">The share of later proposals that are random, in [0, 1].</param>
    /// <param name="randomCandidates">How many random candidates the acquisition function scores per proposal.</param>
    /// <param name="localStarts">From how many of the best points the acquisition hill climbing starts.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1 or the fraction is outside [0, 1].</exception>
    public SmacTuner(SearchSpace space, int seed, int initialTrials = 10, double randomFraction = 0.1, int randomCandidates = 500, int localStarts = 10)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialTrials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(randomCandidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(localStarts, 1);
        if (!(randomFraction >= 0 && randomFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(randomFraction), randomFraction, "The random fraction must lie in [0, 1].");
        }

        _history = new TunerHistory(space);
        _random = new Random(seed);
        _initialTrials = initialTrials;
        _randomFraction = randomFraction;
        _randomCandidates = randomCandidates;
        _localStarts = localStarts;
    }

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        var completed = _history.Completed;
        if (completed.Count < _initialTrials || _random.NextDouble() < _randomFraction)
        {
            return Emit(_history.RandomUnseen(_random));
        }

        var layout = _history.Layout;
        var forest = RegressionForest.Fit(completed.Select(c => layout.Featurize(c.Point)).ToList(), completed.Select(c => c.Loss).ToList(), _random);
        var incumbent = completed.Min(c => c.Loss);
        var scored = new Dictionary<Parameter, (double[] Point, double Score)>();

        double Score(double[] point)
        {
            var parameter = layout.Decode(point);
            if (scored.TryGetValue(parameter, out var known))
            {
                return known.Score;
            }

            var (mean, variance) = forest.Predict(layout.Featurize(point));
            var score = ExpectedImprovement(incumbent, mean, Math.Sqrt(variance));
            scored[parameter] = (point, score);
            return score;
        }

        for (var i = 0; i < _randomCandidates; i++)
        {
            Score(layout.Random(_random));
        }

        foreach (var start in completed.OrderBy(c => c.Loss).Take(_localStarts))
        {
            Climb(start.Point, Score);
        }

        var ranked = scored.Values.OrderByDescending(s => s.Score).Select(s => s.Point);
        return Emit(_history.FirstUnseen(ranked, _random));
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation) => _history.Observe(observation);

    /// <summary>Expected improvement below <paramref name="incumbent"/> of a Gaussian prediction (minimisation).</summary>
    internal static double ExpectedImprovement(double incumbent, double mean, double sigma)
    {
        if (sigma < 1e-12)
        {
            return Math.Max(0, incumbent - mean);
        }

        var z = (incumbent - mean) / sigma;
        return ((incumbent - mean) * Gaussian.Cdf(z)) + (sigma * Gaussian.Pdf(z));
    }

    private void Climb(double[] start, Func<double[], double> score)
    {
        var current = start;
        var currentScore = score(current);
        for (var step = 0; step < 20; step++)
        {
            double[]? best = null;
            var bestScore = currentScore;
            foreach (var neighbour in Around(current))
            {
                var s = score(neighbour);
                if (s > bestScore)
                {
                    best = neighbour;
                    bestScore = s;
                }
            }

            if (best is null)
            {
                return;
            }

            current = _history.Layout.Canonical(best);
            currentScore = bestScore;
        }
    }

    private IEnumerable<double[]> Around(double[] point)
    {
        var layout = _history.Layout;
        var neighbours = layout.Neighbours(point);
        if (!layout.IsFinite)
        {
            // Fixed steps alone cannot home in on a float optimum: add small random steps as well.
            for (var i = 0; i < 8; i++)
            {
                neighbours.Add(layout.Mutate(point, _random, sigma: 0.03));
            }
        }

        return neighbours;
    }

    private Parameter? Emit(double[]? point) => point is null ? null : _history.Propose(point);
}
