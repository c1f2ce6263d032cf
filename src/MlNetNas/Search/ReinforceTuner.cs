namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// A REINFORCE controller (Williams, 1992; Zoph &amp; Le, 2017; the REINFORCE baseline of NAS-Bench-201, Dong &amp; Yang,
/// 2020). The policy is a product of independent softmax distributions, one per decision of the space: each choice (and
/// each conditional option's branch) is a decision over its values; an integer range with at most
/// <see cref="DefaultBins"/> values is a decision over its values; a wider integer range or a float range is split into
/// <c>bins</c> equal intervals of its unit (log where the range is log-scaled) scale, and the value is drawn uniformly
/// inside the chosen interval. After each trial the logits move along the policy gradient
/// <c>(R - b) ∇ log π(decisions)</c>, where the reward R is the negated loss and the baseline b an exponential moving
/// average of past rewards; only the decisions that mattered (those of the branches the trial took) are credited.
/// Adam steps on the logits. Where the space is finite, a proposal that was already evaluated is drawn again (up to 64
/// times) before falling back to a random unseen point, so the budget is not spent on repeats.
/// </summary>
public sealed class ReinforceTuner : ITuner
{
    /// <summary>How many intervals a float range or a wide integer range is split into, unless told otherwise.</summary>
    public const int DefaultBins = 8;

    private const int ResampleAttempts = 64;
    private const double AdamBeta1 = 0.9;
    private const double AdamBeta2 = 0.999;
    private const double AdamEpsilon = 1e-8;
    private readonly TunerHistory _history;
    private readonly Random _random;
    private readonly Decision[] _decisions;
    private readonly double _learningRate;
    private readonly double _baselineMomentum;
    private double? _baseline;

    /// <summary>Creates a REINFORCE tuner over <paramref name="space"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="seed">Seeds every random draw.</param>
    /// <param name="learningRate">Adam's step size on the logits.</param>
    /// <param name="baselineMomentum">The moving average's weight on the old baseline: b ← m·b + (1 − m)·R.</param>
    /// <param name="bins">Intervals per float range or integer range with more values than this.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive learning rate, a momentum outside [0, 1), or fewer than 2 bins.</exception>
    public ReinforceTuner(SearchSpace space, int seed, double learningRate = 0.05, double baselineMomentum = 0.9, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (baselineMomentum is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(baselineMomentum), baselineMomentum, "The baseline momentum must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        _history = new TunerHistory(space);
        _random = new Random(seed);
        _learningRate = learningRate;
        _baselineMomentum = baselineMomentum;
        _decisions = _history.Layout.Dimensions.Select(d => new Decision(d, bins)).ToArray();
    }

    /// <summary>The policy's probabilities of decision <paramref name="index"/> (in the space's coordinate order).</summary>
    public IReadOnlyList<double> Probabilities(int index) => _decisions[index].Probabilities();

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        if (_history.Exhausted)
        {
            return null;
        }

        for (var attempt = 0; attempt < ResampleAttempts; attempt++)
        {
            var point = _history.Layout.Canonical(Sample());
            if (!_history.Layout.IsFinite || !_history.Seen(point))
            {
                return _history.Propose(point);
            }
        }

        var unseen = _history.RandomUnseen(_random);
        return unseen is null ? null : _history.Propose(unseen);
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation)
    {
        if (_history.Observe(observation) is not { } entry)
        {
            return;
        }

        var reward = -entry.Loss;
        _baseline ??= reward;
        var advantage = reward - _baseline.Value;
        _baseline = (_baselineMomentum * _baseline.Value) + ((1 - _baselineMomentum) * reward);
        if (advantage == 0)
        {
            return;
        }

        var layout = _history.Layout;
        for (var d = 0; d < _decisions.Length; d++)
        {
            if (layout.IsActive(entry.Point, d))
            {
                _decisions[d].Step(_decisions[d].IndexOf(entry.Point[d]), advantage, _learningRate);
            }
        }
    }

    private double[] Sample()
    {
        var point = new double[_decisions.Length];
        for (var d = 0; d < point.Length; d++)
        {
            point[d] = _decisions[d].Sample(_random);
        }

        return point;
    }

    /// <summary>One decision: its logits, Adam's moments, and how an index maps to and from a unit coordinate.</summary>
    private sealed class Decision
    {
        private readonly FeatureDimension _dimension;
        private readonly bool _binned;
        private readonly double[] _logits;
        private readonly double[] _m;
        private readonly double[] _v;
        private int _steps;

        public Decision(FeatureDimension dimension, int bins)
        {
            _dimension = dimension;
            _binned = dimension.Kind == FeatureKind.Continuous || (dimension.Kind == FeatureKind.Integer && dimension.Count > bins);
            var count = _binned ? bins : dimension.Count;
            _logits = new double[count];
            _m = new double[count];
            _v = new double[count];
        }

        public double[] Probabilities()
        {
            var max = _logits.Max();
            var p = _logits.Select(l => Math.Exp(l - max)).ToArray();
            var sum = p.Sum();
            for (var k = 0; k < p.Length; k++)
            {
                p[k] /= sum;
            }

            return p;
        }

        /// <summary>Draws an index from the policy and returns a unit coordinate that decodes to it.</summary>
        public double Sample(Random random)
        {
            var p = Probabilities();
            var u = random.NextDouble();
            var index = p.Length - 1;
            for (var k = 0; k < p.Length; k++)
            {
                u -= p[k];
                if (u < 0)
                {
                    index = k;
                    break;
                }
            }

            if (_binned)
            {
                // Uniform inside the interval, so every value of the range stays reachable.
                return (index + random.NextDouble()) / p.Length;
            }

            return _dimension.Kind == FeatureKind.Integer
                ? ((IntRangeOption)_dimension.Option).MappingToFeatureSpace(Parameter.FromInt(((IntRangeOption)_dimension.Option).Min + index))[0]
                : FeatureLayout.UnitOf(index, _logits.Length);
        }

        /// <summary>The index a unit coordinate stands for.</summary>
        public int IndexOf(double u)
        {
            if (_binned)
            {
                return Math.Clamp((int)(u * _logits.Length), 0, _logits.Length - 1);
            }

            return _dimension.Kind == FeatureKind.Integer
                ? ((IntRangeOption)_dimension.Option).ValueAt(u) - ((IntRangeOption)_dimension.Option).Min
                : FeatureLayout.CategoryOf(u, _logits.Length);
        }

        /// <summary>One Adam step that raises log π(<paramref name="taken"/>) in proportion to <paramref name="advantage"/>.</summary>
        public void Step(int taken, double advantage, double learningRate)
        {
            var p = Probabilities();
            _steps++;
            var correction1 = 1 - Math.Pow(AdamBeta1, _steps);
            var correction2 = 1 - Math.Pow(AdamBeta2, _steps);
            for (var k = 0; k < _logits.Length; k++)
            {
                // Gradient of the loss −A·log π(taken) with respect to logit k: −A·(1[k = taken] − π_k).
                var gradient = -advantage * ((k == taken ? 1 : 0) - p[k]);
                _m[k] = (AdamBeta1 * _m[k]) + ((1 - AdamBeta1) * gradient);
                _v[k] = (AdamBeta2 * _v[k]) + ((1 - AdamBeta2) * gradient * gradient);
                _logits[k] -= learningRate * (_m[k] / correction1) / (Math.Sqrt(_v[k] / correction2) + AdamEpsilon);
            }
        }
    }
}
