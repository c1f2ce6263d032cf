namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// Progressive search-space growth: the search starts in a restricted space (few layers, narrow widths) and widens it
/// where the best trials crowd its border, so that a small budget is not spread over huge networks before small ones
/// have been tried.
/// <para>
/// The growing options are integer ranges: by default every integer range of the space (log-scale ones included) whose
/// restriction is smaller than the range, or the ranges named by path ("trainer.layers"; an option inside a conditional
/// branch is named "head[mlp].width"). Each starts with the lowest <c>initialFraction</c> of its unit (or log) scale,
/// at least two values. An inner tuner, built by a factory, searches the restricted space; proposals pass through
/// unchanged, so they are always points of the full space.
/// </para>
/// <para>
/// After each observation, once 2·<c>topCount</c> trials have a loss, the best k = max(<c>topCount</c>, ⌈<c>topShare</c>·n⌉)
/// of the n trials are examined. A value crowds an option's border when it lies in the upper quarter of the restricted
/// range (on that range's own unit or log scale, always including its largest value) or beyond it. When the best trial
/// and at least ⌈k/2⌉ of the k crowd an option's border, that option's fraction doubles, up to the full range. When a
/// finite restricted space is exhausted, every growing option widens. After a widening the inner tuner is rebuilt on the
/// wider space (with a seed derived from the seed and the number of rebuilds) and told every past observation that fits it. Observations that do not fit the current space (a warm start, the full space's defaults)
/// are kept and count towards crowding. Everything is deterministic for a seed.
/// </para>
/// </summary>
public sealed class ProgressiveTuner : ITuner
{
    /// <summary>The share of a restricted range, at its top, in which a value counts as crowding the border.</summary>
    public const double BorderShare = 0.25;

    private const int MaxRepeatSkips = 1000;
    private readonly SearchSpace _space;
    private readonly Func<SearchSpace, int, ITuner> _innerFactory;
    private readonly int _seed;
    private readonly int _topCount;
    private readonly double _topShare;
    private readonly Dictionary<string, Growth> _growths = new(StringComparer.Ordinal);
    private readonly List<TrialObservation> _observations = [];
    private readonly HashSet<Parameter> _seen = [];
    private ITuner _inner;
    private bool _currentIsFinite;
    private int _rebuilds;

    /// <summary>Creates the tuner.</summary>
    /// <param name="space">The full search space.</param>
    /// <param name="innerFactory">Builds the inner tuner over a (restricted) space with a seed.</param>
    /// <param name="seed">Seeds the inner tuners.</param>
    /// <param name="growingPaths">The integer ranges that grow, by path; null for every integer range that can.</param>
    /// <param name="initialFraction">The share of each growing range's unit (or log) scale searched at first, in (0, 1].</param>
    /// <param name="topCount">The fewest best trials examined; twice as many trials with a loss come before any widening.</param>
    /// <param name="topShare">The share of all trials examined once it exceeds <paramref name="topCount"/>, in [0, 1].</param>
    /// <exception cref="ArgumentException">A path names no integer range of the space; the message lists those that exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A fraction, count or share out of range.</exception>
    public ProgressiveTuner(
        SearchSpace space,
        Func<SearchSpace, int, ITuner> innerFactory,
        int seed,
        IEnumerable<string>? growingPaths = null,
        double initialFraction = 0.25,
        int topCount = 5,
        double topShare = 0.2)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(innerFactory);
        if (!(initialFraction > 0 && initialFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialFraction), initialFraction, "The initial fraction must lie in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(topCount, 1);
        if (!(topShare >= 0 && topShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topShare), topShare, "The top share must lie in [0, 1].");
        }

        _space = space;
        _innerFactory = innerFactory;
        _seed = seed;
        _topCount = topCount;
        _topShare = topShare;

        var ranges = new List<(string Path, IntRangeOption Range)>();
        CollectRanges(space, string.Empty, ranges);
        if (growingPaths is null)
        {
            foreach (var (path, range) in ranges)
            {
                var growth = new Growth(range, initialFraction);
                if (!growth.IsFull)
                {
                    _growths.Add(path, growth);
                }
            }
        }
        else
        {
            foreach (var path in growingPaths)
            {
                var match = ranges.FindIndex(r => r.Path == path);
                if (match < 0)
                {
                    throw new ArgumentException(
                        $"Growing path '{path}' names no integer range of the space; integer ranges: {(ranges.Count == 0 ? "(none)" : string.Join(", ", ranges.Select(r => r.Path)))}.",
                        nameof(growingPaths));
                }

                _growths.TryAdd(path, new Growth(ranges[match].Range, initialFraction));
            }
        }

        _inner = Build();
    }

    /// <summary>The paths of the growing integer ranges, in the space's order (or as given).</summary>
    public IReadOnlyList<string> GrowingPaths => _growths.Keys.ToArray();

    /// <summary>The space the inner tuner searches now: the full space with each growing range restricted.</summary>
    public SearchSpace CurrentSpace { get; private set; } = new();

    /// <summary>How many times a growing range has widened so far (each range and step counts once).</summary>
    public int Widenings { get; private set; }

    /// <summary>The current (restricted) range of the growing option at <paramref name="path"/>.</summary>
    /// <exception cref="KeyNotFoundException">No growing option has that path; the message lists those that do.</exception>
    public IntRangeOption CurrentRange(string path) => _growths.TryGetValue(path, out var growth)
        ? growth.Current
        : throw new KeyNotFoundException($"No growing option has path '{path}'; growing paths: {string.Join(", ", _growths.Keys)}.");

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        var skips = 0;
        while (true)
        {
            var parameter = _inner.Propose(trialId);
            if (parameter is null)
            {
                // The restricted space is exhausted: widen everything that can grow, or stop with the full space.
                if (!WidenAll())
                {
                    return null;
                }

                _inner = Build();
                continue;
            }

            // A rebuilt tuner that ignores its history (grid, random) may offer a point already tried in a finite space.
            if (_currentIsFinite && _seen.Contains(parameter) && skips++ < MaxRepeatSkips)
            {
                continue;
            }

            _seen.Add(parameter);
            return parameter;
        }
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        _observations.Add(observation);
        _seen.Add(observation.Parameter);
        if (Fits(observation.Parameter))
        {
            _inner.Update(observation);
        }

        if (WidenCrowded())
        {
            _inner = Build();
        }
    }

    private bool WidenCrowded()
    {
        // Before 2·topCount results the best trials are mostly luck; ties keep the order of observation.
        var completed = _observations.Where(o => o.Loss is { } loss && double.IsFinite(loss)).ToList();
        if (completed.Count < 2 * _topCount)
        {
            return false;
        }

        var k = Math.Max(_topCount, (int)Math.Ceiling(_topShare * completed.Count));
        var top = completed.OrderBy(o => o.Loss!.Value).Take(k).ToList();
        var crowding = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var observation in top)
        {
            foreach (var path in CrowdedPaths(observation.Parameter))
            {
                crowding[path] = crowding.GetValueOrDefault(path) + 1;
            }
        }

        var quorum = (k + 1) / 2;
        var crowdedByBest = CrowdedPaths(top[0].Parameter).ToHashSet(StringComparer.Ordinal);
        var widened = false;
        foreach (var (path, count) in crowding)
        {
            if (count >= quorum && crowdedByBest.Contains(path))
            {
                _growths[path].Widen();
                Widenings++;
                widened = true;
            }
        }

        return widened;
    }

    // The growing options, not yet full, whose value in the parameter lies in the top quarter of their restricted range or beyond it.
    private IEnumerable<string> CrowdedPaths(Parameter parameter) => ActiveValues(_space, string.Empty, parameter)
        .Where(v => _growths.TryGetValue(v.Path, out var growth) && !growth.IsFull && v.Value >= growth.BorderThreshold)
        .Select(v => v.Path);

    private bool WidenAll()
    {
        var widened = false;
        foreach (var growth in _growths.Values.Where(g => !g.IsFull))
        {
            growth.Widen();
            Widenings++;
            widened = true;
        }

        return widened;
    }

    private ITuner Build()
    {
        CurrentSpace = (SearchSpace)Restrict(_space, string.Empty);
        _currentIsFinite = new FeatureLayout(CurrentSpace).IsFinite;
        var inner = _innerFactory(CurrentSpace, unchecked(_seed + (_rebuilds * 1_000_003)));
        _rebuilds++;
        foreach (var observation in _observations.Where(o => Fits(o.Parameter)))
        {
            inner.Update(observation);
        }

        return inner;
    }

    private bool Fits(Parameter parameter)
    {
        try
        {
            CurrentSpace.MappingToFeatureSpace(parameter);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private SearchOption Restrict(SearchOption option, string path)
    {
        switch (option)
        {
            case SearchSpace space:
                var restricted = new SearchSpace();
                foreach (var (name, child) in space)
                {
                    restricted.Add(name, Restrict(child, Join(path, name)));
                }

                return restricted;
            case ConditionalOption conditional:
                var branches = new OrderedDictionary<string, SearchSpace>(StringComparer.Ordinal);
                foreach (var (branch, branchSpace) in conditional.Branches)
                {
                    branches.Add(branch, (SearchSpace)Restrict(branchSpace, BranchPath(path, branch)));
                }

                return new ConditionalOption(conditional.Discriminator, branches);
            case IntRangeOption when _growths.TryGetValue(path, out var growth):
                return growth.Current;
            default:
                return option;
        }
    }

    private static void CollectRanges(SearchOption option, string path, List<(string, IntRangeOption)> ranges)
    {
        switch (option)
        {
            case SearchSpace space:
                foreach (var (name, child) in space)
                {
                    CollectRanges(child, Join(path, name), ranges);
                }

                break;
            case ConditionalOption conditional:
                foreach (var (branch, branchSpace) in conditional.Branches)
                {
                    CollectRanges(branchSpace, BranchPath(path, branch), ranges);
                }

                break;
            case IntRangeOption range:
                ranges.Add((path, range));
                break;
        }
    }

    // The integer values a parameter holds for the ranges that are active in it, by path; parts that do not match the space are skipped.
    private static IEnumerable<(string Path, long Value)> ActiveValues(SearchOption option, string path, Parameter parameter)
    {
        switch (option)
        {
            case SearchSpace space when parameter.IsObject:
                foreach (var (name, child) in space)
                {
                    if (parameter.ContainsKey(name))
                    {
                        foreach (var value in ActiveValues(child, Join(path, name), parameter[name]))
                        {
                            yield return value;
                        }
                    }
                }

                break;
            case ConditionalOption conditional when parameter.IsObject && parameter.ContainsKey(conditional.Discriminator)
                && parameter[conditional.Discriminator].Kind == ParameterKind.String:
                var chosen = parameter[conditional.Discriminator].AsString();
                foreach (var (branch, branchSpace) in conditional.Branches.Where(b => b.Key == chosen))
                {
                    foreach (var value in ActiveValues(branchSpace, BranchPath(path, branch), parameter))
                    {
                        yield return value;
                    }
                }

                break;
            case IntRangeOption when parameter.Kind == ParameterKind.Integer:
                yield return (path, parameter.AsLong());
                break;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string BranchPath(string path, string branch) => $"{path}[{branch}]";

    /// <summary>One growing range: its full extent, the share of its unit scale searched now, and that restriction.</summary>
    private sealed class Growth
    {
        private readonly IntRangeOption _full;
        private double _fraction;

        public Growth(IntRangeOption full, double fraction)
        {
            _full = full;
            _fraction = fraction;
            Current = Restricted();
        }

        public IntRangeOption Current { get; private set; }

        public bool IsFull => Current.Max == _full.Max;

        /// <summary>The smallest value that crowds the border: the start of the top <see cref="BorderShare"/> of the restricted scale.</summary>
        public long BorderThreshold => Current.ValueAt(1 - BorderShare);

        /// <summary>Doubles the fraction until the range actually grows (small integer ranges round several fractions alike).</summary>
        public void Widen()
        {
            var before = Current.Max;
            while (Current.Max == before && !IsFull)
            {
                _fraction = Math.Min(1, 2 * _fraction);
                Current = Restricted();
            }
        }

        private IntRangeOption Restricted()
        {
            if (_fraction >= 1)
            {
                return _full;
            }

            // The values whose cells start below the fraction of the full unit scale, and at least two.
            var top = _full.ValueAt(Math.BitDecrement(_fraction));
            var max = (int)Math.Min(_full.Max, Math.Max(top, (long)_full.Min + 1));
            if (max == _full.Max)
            {
                return _full;
            }

            int? explicitDefault = _full.ExplicitDefault is { } d ? Math.Min(d, max) : null;
            return new IntRangeOption(_full.Min, max, _full.LogScale, explicitDefault);
        }
    }
}
