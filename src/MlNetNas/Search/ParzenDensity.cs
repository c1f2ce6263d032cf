namespace MlNetNas.Search;

/// <summary>
/// A one-coordinate density for TPE: for a categorical coordinate, smoothed category frequencies; otherwise a mixture
/// of Gaussians truncated to [0, 1], one per observation with a bandwidth set by the distance to its neighbours, plus a
/// broad prior component so that unexplored values keep some mass.
/// </summary>
internal sealed class ParzenDensity
{
    private const double PriorMean = 0.5;
    private const double PriorSigma = 1.0;
    private readonly double[]? _categoryProbabilities;
    private readonly double[] _means = [];
    private readonly double[] _sigmas = [];
    private readonly double[] _masses = [];

    private ParzenDensity(double[] categoryProbabilities)
    {
        _categoryProbabilities = categoryProbabilities;
    }

    private ParzenDensity(double[] means, double[] sigmas)
    {
        _means = means;
        _sigmas = sigmas;
        _masses = means.Select((m, i) => Gaussian.Cdf((1 - m) / sigmas[i]) - Gaussian.Cdf(-m / sigmas[i])).ToArray();
    }

    /// <summary>Fits the density of one coordinate to the values it took in the trials where it was active.</summary>
    public static ParzenDensity Fit(FeatureDimension dimension, double[] values)
    {
        if (dimension.Kind == FeatureKind.Categorical)
        {
            // One pseudo-observation spread over the categories: unseen values keep a small probability.
            var k = dimension.Count;
            var probabilities = Enumerable.Repeat(1.0 / k, k).ToArray();
            foreach (var v in values)
            {
                probabilities[FeatureLayout.CategoryOf(v, k)] += 1;
            }

            for (var i = 0; i < k; i++)
            {
                probabilities[i] /= values.Length + 1;
            }

            return new ParzenDensity(probabilities);
        }

        var sorted = values.Order().ToArray();
        var means = sorted.Append(PriorMean).ToArray();
        var sigmas = new double[means.Length];
        var minSigma = PriorSigma / Math.Min(100, sorted.Length + 1);
        for (var i = 0; i < sorted.Length; i++)
        {
            var left = i > 0 ? sorted[i] - sorted[i - 1] : sorted[i];
            var right = i < sorted.Length - 1 ? sorted[i + 1] - sorted[i] : 1 - sorted[i];
            sigmas[i] = Math.Clamp(Math.Max(left, right), minSigma, PriorSigma);
        }

        sigmas[^1] = PriorSigma;
        return new ParzenDensity(means, sigmas);
    }

    /// <summary>The density (or category probability) at unit coordinate <paramref name="u"/>.</summary>
    public double Density(double u)
    {
        if (_categoryProbabilities is { } p)
        {
            return p[FeatureLayout.CategoryOf(u, p.Length)];
        }

        var sum = 0.0;
        for (var i = 0; i < _means.Length; i++)
        {
            sum += Gaussian.Pdf((u - _means[i]) / _sigmas[i]) / (_sigmas[i] * _masses[i]);
        }

        return Math.Max(sum / _means.Length, 1e-300);
    }

    /// <summary>A draw from the density, as a unit coordinate.</summary>
    public double Sample(Random random)
    {
        if (_categoryProbabilities is { } p)
        {
            var r = random.NextDouble();
            for (var k = 0; k < p.Length; k++)
            {
                r -= p[k];
                if (r <= 0)
                {
                    return FeatureLayout.UnitOf(k, p.Length);
                }
            }

            return FeatureLayout.UnitOf(p.Length - 1, p.Length);
        }

        var component = random.Next(_means.Length);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var u = _means[component] + (_sigmas[component] * Gaussian.Sample(random));
            if (u >= 0 && u <= 1)
            {
                return u;
            }
        }

        return Math.Clamp(_means[component], 0, 1);
    }
}
