namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// Evolution over a population (Real et al., 2019). The first <c>populationSize</c> proposals are random; after that
/// each proposal is a mutation of one parameter (<see cref="FeatureLayout.Mutate"/>) of the best of
/// <c>sampleSize</c> members drawn at random from the population. Each result joins the population, and the oldest
/// member leaves (aging, "regularized" evolution) or, without aging, the worst. Already-evaluated points are not
/// proposed again where the space is finite.
/// </summary>
public sealed class RegularizedEvolutionTuner : ITuner
{
    private readonly TunerHistory _history;
    private readonly Random _random;
    private readonly int _populationSize;
    private readonly int _sampleSize;
    private readonly bool _aging;
    private readonly List<(double[] Point, double Loss)> _population = [];

    /// <summary>Creates an evolution tuner over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">Seeds every random draw.</param>
    /// <param name="populationSize">How many members the population keeps.</param>
    /// <param name="sampleSize">How many members a tournament draws; the best of them is the parent.</param>
    /// <param name="aging">True to remove the oldest member (regularized evolution), false to remove the worst.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or the sample is larger than the population.</exception>
    public RegularizedEvolutionTuner(SearchSpace space, int seed, int populationSize = 20, int sampleSize = 5, bool aging = true)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleSize, populationSize);
        _history = new TunerHistory(space);
        _random = new Random(seed);
        _populationSize = populationSize;
        _sampleSize = sampleSize;
        _aging = aging;
    }

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        if (_population.Count < _populationSize)
        {
            return Emit(_history.RandomUnseen(_random));
        }

        var parent = _population[_random.Next(_population.Count)];
        for (var i = 1; i < _sampleSize; i++)
        {
            var contender = _population[_random.Next(_population.Count)];
            if (contender.Loss < parent.Loss)
            {
                parent = contender;
            }
        }

        return Emit(_history.FirstUnseen(MutationsOf(parent.Point), _random));
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation)
    {
        if (_history.Observe(observation) is not { } member)
        {
            return;
        }

        _population.Add(member);
        if (_population.Count > _populationSize)
        {
            var leaving = 0;
            if (!_aging)
            {
                for (var i = 1; i < _population.Count; i++)
                {
                    if (_population[i].Loss > _population[leaving].Loss)
                    {
                        leaving = i;
                    }
                }
            }

            _population.RemoveAt(leaving);
        }
    }

    private IEnumerable<double[]> MutationsOf(double[] parent)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            yield return _history.Layout.Mutate(parent, _random);
        }
    }

    private Parameter? Emit(double[]? point) => point is null ? null : _history.Propose(point);
}
