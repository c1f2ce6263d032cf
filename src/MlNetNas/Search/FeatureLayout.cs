namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>What one coordinate of the unit-cube encoding stands for.</summary>
internal enum FeatureKind
{
    /// <summary>A choice (or a conditional option's branch): unordered, <see cref="FeatureDimension.Count"/> values.</summary>
    Categorical,

    /// <summary>An integer range: ordered, <see cref="FeatureDimension.Count"/> values.</summary>
    Integer,

    /// <summary>A float range.</summary>
    Continuous,
}

/// <summary>One coordinate of the encoding: its kind, its option, and the branch choices that make it active.</summary>
/// <param name="Kind">What the coordinate stands for.</param>
/// <param name="Count">Number of values of a categorical or integer coordinate; 0 for a continuous one.</param>
/// <param name="Option">The option the coordinate encodes (the conditional option itself for a branch coordinate).</param>
/// <param name="Conditions">(coordinate, branch index) pairs that must all hold for this coordinate to be active.</param>
internal sealed record FeatureDimension(FeatureKind Kind, int Count, SearchOption Option, (int Coordinate, int Branch)[] Conditions);

/// <summary>
/// The unit-cube encoding of a search space seen coordinate by coordinate, so that model-based and evolutionary tuners
/// can treat choices, integer and float ranges each in their own way and ignore the coordinates of inactive branches.
/// Points handed out are canonical: decoding and re-encoding them gives them back, so equal parameters have equal points.
/// </summary>
internal sealed class FeatureLayout
{
    private const double ContinuousStep = 0.1;
    private readonly SearchSpace _space;
    private readonly FeatureDimension[] _dimensions;
    private readonly int[] _featureOffsets;

    public FeatureLayout(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        var dimensions = new List<FeatureDimension>();
        Walk(space, [], dimensions);
        _dimensions = [.. dimensions];
        Size = SizeOf(space);
        IsFinite = double.IsFinite(Size);
        _featureOffsets = new int[_dimensions.Length];
        var width = 0;
        for (var d = 0; d < _dimensions.Length; d++)
        {
            _featureOffsets[d] = width;
            width += _dimensions[d].Kind == FeatureKind.Categorical && _dimensions[d].Count > 2 ? _dimensions[d].Count : 1;
        }

        FeatureWidth = width;
    }

    /// <summary>The coordinates, in encoding order.</summary>
    public IReadOnlyList<FeatureDimension> Dimensions => _dimensions;

    /// <summary>The number of coordinates.</summary>
    public int Length => _dimensions.Length;

    /// <summary>True when the space holds finitely many parameters (no float range), so duplicates can be avoided exhaustively.</summary>
    public bool IsFinite { get; }

    /// <summary>How many distinct parameters the space holds; infinity when it has a float range.</summary>
    public double Size { get; }

    /// <summary>The length of <see cref="Featurize"/>'s vectors.</summary>
    public int FeatureWidth { get; }

    /// <summary>The parameter a point decodes to.</summary>
    public Parameter Decode(double[] point) => _space.SampleFromFeatureSpace(point);

    /// <summary>The canonical point of a parameter.</summary>
    public double[] Encode(Parameter parameter) => _space.MappingToFeatureSpace(parameter);

    /// <summary>The canonical point that decodes like <paramref name="point"/>.</summary>
    public double[] Canonical(double[] point) => Encode(Decode(point));

    /// <summary>A uniform random canonical point.</summary>
    public double[] Random(Random random)
    {
        var point = new double[Length];
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = random.NextDouble();
        }

        return Canonical(point);
    }

    /// <summary>Whether coordinate <paramref name="d"/> matters for <paramref name="point"/> (every enclosing branch is chosen).</summary>
    public bool IsActive(ReadOnlySpan<double> point, int d)
    {
        foreach (var (coordinate, branch) in _dimensions[d].Conditions)
        {
            if (CategoryOf(point[coordinate], _dimensions[coordinate].Count) != branch)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The category a unit coordinate falls in.</summary>
    public static int CategoryOf(double u, int count) => ChoiceOption.IndexFromUnit(u, count);

    /// <summary>The unit coordinate at the centre of a category.</summary>
    public static double UnitOf(int category, int count) => ChoiceOption.UnitFromIndex(category, count);

    /// <summary>
    /// A copy of <paramref name="point"/> with exactly one active coordinate changed, chosen uniformly: a choice moves to
    /// another value, a range by a Gaussian step on the unit scale (so log ranges move by a factor), an integer by at
    /// least one; <paramref name="sigma"/> is the step's standard deviation on the unit scale. Returns the point itself
    /// when no coordinate can change.
    /// </summary>
    public double[] Mutate(double[] point, Random random, double sigma = 0.15)
    {
        var mutable = Enumerable.Range(0, Length).Where(d => IsActive(point, d) && CanChange(d)).ToArray();
        if (mutable.Length == 0)
        {
            return point;
        }

        var original = Decode(point);
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var d = mutable[random.Next(mutable.Length)];
            var child = (double[])point.Clone();
            child[d] = MutateCoordinate(d, point[d], random, sigma);
            child = Canonical(child);
            if (Decode(child) != original)
            {
                return child;
            }
        }

        return point;
    }

    /// <summary>
    /// The one-parameter neighbours of a point: every other value of each active choice, the next integer down and up of
    /// each integer range, and a step of 0.1 down and up (on the unit scale) of each float range.
    /// </summary>
    public List<double[]> Neighbours(double[] point)
    {
        var result = new List<double[]>();
        for (var d = 0; d < Length; d++)
        {
            if (!IsActive(point, d) || !CanChange(d))
            {
                continue;
            }

            var dimension = _dimensions[d];
            switch (dimension.Kind)
            {
                case FeatureKind.Categorical:
                    var current = CategoryOf(point[d], dimension.Count);
                    for (var k = 0; k < dimension.Count; k++)
                    {
                        if (k != current)
                        {
                            result.Add(With(point, d, UnitOf(k, dimension.Count)));
                        }
                    }

                    break;
                case FeatureKind.Integer:
                    var range = (IntRangeOption)dimension.Option;
                    var value = range.ValueAt(point[d]);
                    foreach (var next in new[] { value - 1, value + 1 })
                    {
                        if (next >= range.Min && next <= range.Max)
                        {
                            result.Add(With(point, d, range.MappingToFeatureSpace(Parameter.FromInt(next))[0]));
                        }
                    }

                    break;
                default:
                    foreach (var u in new[] { point[d] - ContinuousStep, point[d] + ContinuousStep })
                    {
                        if (u >= 0 && u <= 1)
                        {
                            result.Add(With(point, d, u));
                        }
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>
    /// A vector for regression models: choices of more than two values one-hot, other coordinates as they are;
    /// inactive coordinates read -1 (all zeros for one-hot), so a model can split on activity.
    /// </summary>
    public double[] Featurize(double[] point)
    {
        var features = new double[FeatureWidth];
        for (var d = 0; d < Length; d++)
        {
            var offset = _featureOffsets[d];
            var dimension = _dimensions[d];
            var oneHot = dimension.Kind == FeatureKind.Categorical && dimension.Count > 2;
            if (!IsActive(point, d))
            {
                if (!oneHot)
                {
                    features[offset] = -1;
                }

                continue;
            }

            if (oneHot)
            {
                features[offset + CategoryOf(point[d], dimension.Count)] = 1;
            }
            else
            {
                features[offset] = point[d];
            }
        }

        return features;
    }

    private bool CanChange(int d) => _dimensions[d].Kind == FeatureKind.Continuous
        ? _dimensions[d].Option is FloatRangeOption { Min: var min, Max: var max } && min < max
        : _dimensions[d].Count > 1;

    private double MutateCoordinate(int d, double u, Random random, double sigma)
    {
        var dimension = _dimensions[d];
        if (dimension.Kind == FeatureKind.Categorical)
        {
            var current = CategoryOf(u, dimension.Count);
            var other = random.Next(dimension.Count - 1);
            return UnitOf(other >= current ? other + 1 : other, dimension.Count);
        }

        if (dimension.Kind == FeatureKind.Integer && dimension.Option is IntRangeOption range)
        {
            var value = range.ValueAt(u);
            var moved = range.ValueAt(Reflect(u + (Gaussian.Sample(random) * sigma)));
            if (moved == value)
            {
                // The Gaussian step stayed inside the same integer: move to a neighbour so the child differs.
                moved = value == range.Min ? value + 1 : value == range.Max ? value - 1 : value + (random.Next(2) == 0 ? -1 : 1);
            }

            return range.MappingToFeatureSpace(Parameter.FromInt(moved))[0];
        }

        return Reflect(u + (Gaussian.Sample(random) * sigma));
    }

    private static double Reflect(double u)
    {
        // Reflection keeps a step near a bound inside [0, 1] without piling mass on the bound itself.
        while (u < 0 || u > 1)
        {
            u = u < 0 ? -u : 2 - u;
        }

        return u;
    }

    private static double[] With(double[] point, int d, double u)
    {
        var copy = (double[])point.Clone();
        copy[d] = u;
        return copy;
    }

    private static void Walk(SearchOption option, (int, int)[] conditions, List<FeatureDimension> dimensions)
    {
        switch (option)
        {
            case SearchSpace space:
                foreach (var (_, child) in space)
                {
                    Walk(child, conditions, dimensions);
                }

                break;
            case ChoiceOption choice:
                dimensions.Add(new(FeatureKind.Categorical, choice.Choices.Count, choice, conditions));
                break;
            case IntRangeOption range:
                dimensions.Add(new(FeatureKind.Integer, (int)Math.Min((long)range.Max - range.Min + 1, int.MaxValue), range, conditions));
                break;
            case FloatRangeOption range:
                dimensions.Add(new(FeatureKind.Continuous, 0, range, conditions));
                break;
            case ConstantOption:
                break;
            case ConditionalOption conditional:
                var coordinate = dimensions.Count;
                dimensions.Add(new(FeatureKind.Categorical, conditional.Branches.Count, conditional, conditions));
                for (var b = 0; b < conditional.Branches.Count; b++)
                {
                    Walk(conditional.Branches[b].Value, [.. conditions, (coordinate, b)], dimensions);
                }

                break;
            default:
                throw new NotSupportedException($"Tuners do not know the option kind {option.GetType().Name}.");
        }
    }

    private static double SizeOf(SearchOption option) => option switch
    {
        SearchSpace space => space.Aggregate(1.0, (product, o) => product * SizeOf(o.Value)),
        ChoiceOption choice => choice.Choices.Count,
        IntRangeOption range => (double)range.Max - range.Min + 1,
        FloatRangeOption range => range.Min == range.Max ? 1 : double.PositiveInfinity,
        ConstantOption => 1,
        ConditionalOption conditional => conditional.Branches.Sum(b => SizeOf(b.Value)),
        _ => throw new NotSupportedException($"Tuners do not know the option kind {option.GetType().Name}."),
    };
}
