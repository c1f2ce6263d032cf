namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// Hill climbing over one-parameter neighbours with random restarts (White et al., 2021: "Local search is state of
/// the art for NAS benchmarks"). Starts at a random point, proposes its neighbours (<see cref="FeatureLayout.Neighbours"/>)
/// in random order and moves to the first one that is better; when every neighbour of the current point is evaluated
/// and none is better (a local optimum), restarts from a random point. Points already evaluated are never proposed again
/// where the space is finite.
/// </summary>
public sealed class LocalSearchTuner : ITuner
{
    private readonly TunerHistory _history;
    private readonly Random _random;
    private readonly Queue<double[]> _neighbours = new();
    private Parameter? _current;
    private double _currentLoss = double.PositiveInfinity;
    private Parameter? _restart;

    /// <summary>Creates a local-search tuner over <paramref name="space"/>.</summary>
    public LocalSearchTuner(SearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        _history = new TunerHistory(space);
        _random = new Random(seed);
    }

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        while (_neighbours.Count > 0)
        {
            var next = _neighbours.Dequeue();
            if (!_history.Layout.IsFinite || !_history.Seen(next))
            {
                return _history.Propose(next);
            }
        }

        // A local optimum (or no start yet): restart from a random point; its result becomes the new current point.
        var start = _history.RandomUnseen(_random);
        if (start is null)
        {
            return null;
        }

        _restart = _history.Propose(start);
        _current = null;
        _currentLoss = double.PositiveInfinity;
        return _restart;
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation)
    {
        var entry = _history.Observe(observation);
        var loss = entry?.Loss ?? double.PositiveInfinity;
        var isRestart = observation.Parameter == _restart;
        if (entry is null || !(isRestart || _current is null || loss < _currentLoss))
        {
            return;
        }

        // First improvement: move at once and explore the new point's neighbourhood.
        _restart = null;
        _current = observation.Parameter;
        _currentLoss = loss;
        _neighbours.Clear();
        foreach (var neighbour in _history.Layout.Neighbours(entry.Value.Point).OrderBy(_ => _random.Next()))
        {
            _neighbours.Enqueue(neighbour);
        }
    }
}
