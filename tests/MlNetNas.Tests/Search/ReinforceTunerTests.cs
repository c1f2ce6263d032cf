namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class ReinforceTunerTests
{
    /// <summary>Four choices of five values; the loss counts the choices that differ from the target 3, 1, 4, 0.</summary>
    private static SearchSpace FourChoices() => new SearchSpace()
        .Add("a", new ChoiceOption(0, 1, 2, 3, 4))
        .Add("b", new ChoiceOption(0, 1, 2, 3, 4))
        .Add("c", new ChoiceOption(0, 1, 2, 3, 4))
        .Add("d", new ChoiceOption(0, 1, 2, 3, 4));

    private static double Mismatches(Parameter p) =>
        (p.GetValue<int>("a") == 3 ? 0 : 1) + (p.GetValue<int>("b") == 1 ? 0 : 1) + (p.GetValue<int>("c") == 4 ? 0 : 1) + (p.GetValue<int>("d") == 0 ? 0 : 1);

    [Fact]
    public void Policy_OnASeparableCategoricalObjective_ConcentratesOnTheOptimum()
    {
        var tuner = new ReinforceTuner(FourChoices(), seed: 11);

        TunerHarness.Run(tuner, Mismatches, 150);

        int[] target = [3, 1, 4, 0];
        for (var d = 0; d < target.Length; d++)
        {
            var p = tuner.Probabilities(d);
            Assert.True(p[target[d]] > 0.5, $"decision {d}: p(optimum) = {p[target[d]]:F3}; all: {string.Join(", ", p.Select(x => x.ToString("F2")))}");
        }
    }

    [Fact]
    public void LateProposals_OnALargeSeparableCategoricalObjective_AreMostlyNearTheOptimum()
    {
        // Eight choices of five values (390 625 points, so avoiding repeats does not push proposals away); the loss counts
        // the choices that differ from x_d = d mod 5.
        var space = new SearchSpace();
        for (var d = 0; d < 8; d++)
        {
            space.Add($"x{d}", new ChoiceOption(0, 1, 2, 3, 4));
        }

        double Loss(Parameter p) => Enumerable.Range(0, 8).Count(d => p.GetValue<int>($"x{d}") != d % 5);

        var reinforce = TunerHarness.Run(new ReinforceTuner(space, seed: 4), Loss, 200).Skip(150).Average(t => t.Loss);
        var random = TunerHarness.Run(new RandomTuner(space, seed: 4), Loss, 200).Skip(150).Average(t => t.Loss);

        // Uniform proposals miss 8 × 4/5 = 6.4 choices on average.
        Assert.True(reinforce < 3 && reinforce < random - 3, $"mean loss of proposals 151-200: reinforce {reinforce:F2}, random {random:F2}");
    }

    [Fact]
    public void BeatsRandomSearch_OnARuggedDiscreteObjective_OnAverageOverSeeds()
    {
        var objective = TunerHarness.DiscreteObjective(tableSeed: 7);

        var reinforce = TunerHarness.MeanBestLoss("reinforce", TunerHarness.DiscreteSpace(), objective, trials: 120, seeds: 8);
        var random = TunerHarness.MeanBestLoss("random", TunerHarness.DiscreteSpace(), objective, trials: 120, seeds: 8);

        Assert.True(reinforce < random - 0.1, $"reinforce mean best loss {reinforce:F3}, random {random:F3}");
    }

    [Fact]
    public void FloatRange_IsLearnedThroughItsBins()
    {
        var space = new SearchSpace().Add("rate", new FloatRangeOption(1e-5, 1e-1, logScale: true));
        var tuner = new ReinforceTuner(space, seed: 2, bins: 4);

        var trials = TunerHarness.Run(tuner, p => Math.Abs(Math.Log10(p.GetValue<double>("rate")) + 4.5), 150);

        // log10(rate) = -4.5 lies in the first of four bins of [-5, -1].
        Assert.True(tuner.Probabilities(0)[0] > 0.6, $"p(first bin) = {tuner.Probabilities(0)[0]:F3}");
        Assert.Equal(150, trials.Select(t => t.Parameter).Distinct().Count());
    }

    [Fact]
    public void Constructor_WithOneBin_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReinforceTuner(FourChoices(), seed: 0, bins: 1));
    }
}
