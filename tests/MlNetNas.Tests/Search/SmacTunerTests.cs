namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class SmacTunerTests
{
    [Fact]
    public void BeatsRandomSearch_OnARuggedDiscreteObjective_OnAverageOverSeeds()
    {
        var objective = TunerHarness.DiscreteObjective(tableSeed: 7);

        var smac = TunerHarness.MeanBestLoss("smac", TunerHarness.DiscreteSpace(), objective, trials: 60, seeds: 4);
        var random = TunerHarness.MeanBestLoss("random", TunerHarness.DiscreteSpace(), objective, trials: 60, seeds: 4);

        Assert.True(smac < random - 0.1, $"smac mean best loss {smac:F3}, random {random:F3}");
    }

    [Fact]
    public void GetsCloserThanRandomSearch_ToTheMinimumOfAQuadraticOverMixedRanges()
    {
        var space = new SearchSpace()
            .Add("rate", new FloatRangeOption(1e-4, 1, logScale: true))
            .Add("width", new IntRangeOption(1, 64));
        static double Objective(Parameter p) =>
            Math.Pow(Math.Log10(p.GetValue<double>("rate")) + 2, 2) + Math.Pow((p.GetValue<int>("width") - 40) / 10.0, 2);

        var smac = TunerHarness.MeanBestLoss("smac", space, Objective, trials: 50, seeds: 5);
        var random = TunerHarness.MeanBestLoss("random", space, Objective, trials: 50, seeds: 5);

        Assert.True(smac < 0.6 * random, $"smac mean best loss {smac:F4}, random {random:F4}");
    }

    [Theory]
    [InlineData(1.0, 0.0, 0.0, 1.0)]
    [InlineData(0.0, 1.0, 0.0, 0.0)]
    [InlineData(0.0, 0.0, 2.0, 0.7978845608)]
    public void ExpectedImprovement_MatchesTheClosedForm(double incumbent, double mean, double sigma, double expected)
    {
        Assert.Equal(expected, SmacTuner.ExpectedImprovement(incumbent, mean, sigma), 6);
    }
}
