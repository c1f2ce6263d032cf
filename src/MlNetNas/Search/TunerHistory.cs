namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// What a model-based or evolutionary tuner remembers: every parameter proposed or observed (to avoid proposing it
/// again where the space is finite) and the completed trials as canonical points with their losses.
/// </summary>
internal sealed class TunerHistory
{
    private const int RandomAttempts = 1000;
    private readonly HashSet<Parameter> _seen = [];
    private readonly List<(double[] Point, double Loss)> _completed = [];

    public TunerHistory(SearchSpace space)
    {
        Layout = new FeatureLayout(space);
    }

    /// <summary>The space's coordinates.</summary>
    public FeatureLayout Layout { get; }

    /// <summary>Trials that finished with a loss, in the order they were observed.</summary>
    public IReadOnlyList<(double[] Point, double Loss)> Completed => _completed;

    /// <summary>True when every parameter of a finite space has been proposed or observed.</summary>
    public bool Exhausted => Layout.IsFinite && _seen.Count >= Layout.Size;

    /// <summary>Whether the parameter of <paramref name="point"/> was proposed or observed before.</summary>
    public bool Seen(double[] point) => _seen.Contains(Layout.Decode(point));

    /// <summary>Records a proposal and returns its parameter.</summary>
    public Parameter Propose(double[] point)
    {
        var parameter = Layout.Decode(point);
        _seen.Add(parameter);
        return parameter;
    }

    /// <summary>Records an observation; returns its canonical point and loss, or null when the trial has no loss.</summary>
    public (double[] Point, double Loss)? Observe(TrialObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        _seen.Add(observation.Parameter);
        if (observation.Loss is not { } loss || !double.IsFinite(loss))
        {
            return null;
        }

        var entry = (Layout.Encode(observation.Parameter), loss);
        _completed.Add(entry);
        return entry;
    }

    /// <summary>
    /// A uniform random point not seen yet where the space is finite (any random point otherwise); null once a finite
    /// space is exhausted.
    /// </summary>
    public double[]? RandomUnseen(Random random)
    {
        if (Exhausted)
        {
            return null;
        }

        if (!Layout.IsFinite)
        {
            return Layout.Random(random);
        }

        for (var attempt = 0; attempt < RandomAttempts; attempt++)
        {
            var point = Layout.Random(random);
            if (!Seen(point))
            {
                return point;
            }
        }

        // Almost everything was seen: walk neighbourhoods from a random point to find what is left.
        return FindUnseenNear(Layout.Random(random), random);
    }

    /// <summary>
    /// The first of <paramref name="candidates"/> not seen yet (exact repeats are skipped in continuous spaces too); else an
    /// unseen mutation of the first candidate; else a random unseen point. Null only when a finite space is exhausted.
    /// </summary>
    public double[]? FirstUnseen(IEnumerable<double[]> candidates, Random random)
    {
        double[]? first = null;
        foreach (var candidate in candidates)
        {
            first ??= candidate;
            if (!Seen(candidate))
            {
                return candidate;
            }
        }

        if (first is not null && !Exhausted)
        {
            for (var attempt = 0; attempt < 32; attempt++)
            {
                var child = Layout.Mutate(first, random);
                if (!Seen(child))
                {
                    return child;
                }
            }
        }

        return RandomUnseen(random);
    }

    private double[]? FindUnseenNear(double[] start, Random random)
    {
        var visited = new HashSet<Parameter> { Layout.Decode(start) };
        var frontier = new Queue<double[]>([start]);
        while (frontier.Count > 0)
        {
            var point = frontier.Dequeue();
            if (!Seen(point))
            {
                return point;
            }

            foreach (var next in Layout.Neighbours(point).OrderBy(_ => random.Next()))
            {
                if (visited.Add(Layout.Decode(next)))
                {
                    frontier.Enqueue(next);
                }
            }
        }

        return null;
    }
}
