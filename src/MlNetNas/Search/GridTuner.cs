using System.Numerics;

namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// Proposes every point of a grid exactly once, in a seeded shuffled order, then null. Choices are enumerated;
/// ranges are cut into <c>stepsPerRange</c> points (log-spaced on log ranges, integers deduplicated); each branch of
/// a conditional option contributes its own grid (their union, not their product). Nothing is materialised: a grid
/// point is decoded from its mixed-radix index, and the order is a lazily drawn Fisher–Yates permutation, so huge
/// grids cost memory only for the proposals made.
/// </summary>
public sealed class GridTuner : ITuner
{
    private readonly Lattice _lattice;
    private readonly Random _random;
    private readonly Dictionary<BigInteger, BigInteger> _swapped = [];
    private BigInteger _next;

    /// <summary>Creates a grid tuner over <paramref name="space"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepsPerRange"/> is less than 1.</exception>
    public GridTuner(SearchSpace space, int seed, int stepsPerRange = 4)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (stepsPerRange < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepsPerRange), stepsPerRange, "A grid needs at least one step per range.");
        }

        _lattice = Build(space, stepsPerRange);
        _random = new Random(seed);
    }

    /// <summary>How many points the grid has.</summary>
    public BigInteger Count => _lattice.Count;

    /// <summary>How many points are left to propose.</summary>
    public BigInteger Remaining => _lattice.Count - _next;

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        var count = _lattice.Count;
        if (_next >= count)
        {
            return null;
        }

        // One step of Fisher–Yates over the virtual array 0..count-1, storing only the displaced entries.
        var k = _next;
        var j = k + NextBelow(count - k);
        var atJ = _swapped.Remove(j, out var sj) ? sj : j;
        if (j != k)
        {
            _swapped[j] = _swapped.Remove(k, out var sk) ? sk : k;
        }

        _next++;
        return _lattice.At(atJ);
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation) => ArgumentNullException.ThrowIfNull(observation);

    private BigInteger NextBelow(BigInteger bound)
    {
        if (bound <= long.MaxValue)
        {
            return _random.NextInt64((long)bound);
        }

        var bits = (int)bound.GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        while (true)
        {
            _random.NextBytes(bytes);
            bytes[^1] &= (byte)(0xFF >> ((bytes.Length * 8) - bits));
            var candidate = new BigInteger(bytes, isUnsigned: true);
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    private static Lattice Build(SearchOption option, int steps) => option switch
    {
        ChoiceOption choice => new Leaves([.. choice.Choices]),
        ConstantOption constant => new Leaves([constant.Value]),
        IntRangeOption range => new Leaves(steps == 1
            ? [range.Default]
            : Enumerable.Range(0, steps).Select(i => range.ValueAt((double)i / (steps - 1))).Distinct().Select(v => Parameter.FromInt(v)).ToArray()),
        FloatRangeOption range => new Leaves(steps == 1
            ? [range.Default]
            : Enumerable.Range(0, steps).Select(i => range.ValueAt((double)i / (steps - 1))).Distinct().Select(Parameter.FromDouble).ToArray()),
        SearchSpace space => new Product(space.Select(o => (o.Key, Build(o.Value, steps))).ToArray()),
        ConditionalOption conditional => new Union(
            conditional,
            conditional.Branches.Select(b => (b.Key, (Lattice)new Product(b.Value.Select(o => (o.Key, Build(o.Value, steps))).ToArray()))).ToArray()),
        _ => throw new NotSupportedException($"The grid tuner does not know the option kind {option.GetType().Name}."),
    };

    /// <summary>A finite, indexable set of parameters.</summary>
    private abstract class Lattice
    {
        public abstract BigInteger Count { get; }

        public abstract Parameter At(BigInteger index);
    }

    private sealed class Leaves(Parameter[] values) : Lattice
    {
        public override BigInteger Count => values.Length;

        public override Parameter At(BigInteger index) => values[(int)index];
    }

    /// <summary>The cartesian product of named parts, indexed in mixed radix (first part varies fastest).</summary>
    private sealed class Product : Lattice
    {
        private readonly (string Name, Lattice Part)[] _parts;

        public Product((string Name, Lattice Part)[] parts)
        {
            _parts = parts;
            Count = parts.Aggregate(BigInteger.One, (product, p) => product * p.Part.Count);
        }

        public override BigInteger Count { get; }

        public override Parameter At(BigInteger index)
        {
            var children = new KeyValuePair<string, Parameter>[_parts.Length];
            for (var i = 0; i < _parts.Length; i++)
            {
                var (name, part) = _parts[i];
                index = BigInteger.DivRem(index, part.Count, out var digit);
                children[i] = new(name, part.At(digit));
            }

            return Parameter.FromObject(children);
        }
    }

    /// <summary>The branches of a conditional option one after another, each tagged with its name.</summary>
    private sealed class Union : Lattice
    {
        private readonly ConditionalOption _option;
        private readonly (string Name, Lattice Part)[] _branches;

        public Union(ConditionalOption option, (string Name, Lattice Part)[] branches)
        {
            _option = option;
            _branches = branches;
            Count = branches.Aggregate(BigInteger.Zero, (sum, b) => sum + b.Part.Count);
        }

        public override BigInteger Count { get; }

        public override Parameter At(BigInteger index)
        {
            foreach (var (name, part) in _branches)
            {
                if (index < part.Count)
                {
                    return _option.WithDiscriminator(name, part.At(index));
                }

                index -= part.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(index), index, "Grid index beyond the conditional option's branches.");
        }
    }
}
