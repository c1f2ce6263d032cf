namespace MlNetNas.Search;

/// <summary>The standard normal distribution: density, distribution function and sampling.</summary>
internal static class Gaussian
{
    private const double InverseSqrtTwoPi = 0.3989422804014327;

    /// <summary>The standard normal density at <paramref name="z"/>.</summary>
    public static double Pdf(double z) => InverseSqrtTwoPi * Math.Exp(-0.5 * z * z);

    /// <summary>The standard normal distribution function at <paramref name="z"/>.</summary>
    public static double Cdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Sample(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The error function, to about 1e-7 (Abramowitz and Stegun 7.1.26).</summary>
    public static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return sign * (1 - (poly * Math.Exp(-x * x)));
    }
}
