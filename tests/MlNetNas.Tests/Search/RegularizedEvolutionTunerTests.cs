namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class RegularizedEvolutionTunerTests
{
    [Theory]
    [InlineData("regularized-evolution")]
    [InlineData("evolution")]
    public void BeatsRandomSearch_OnARuggedDiscreteObjective_OnAverageOverSeeds(string name)
    {
        var objective = TunerHarness.DiscreteObjective(tableSeed: 7);

        var evolution = TunerHarness.MeanBestLoss(name, TunerHarness.DiscreteSpace(), objective, trials: 120, seeds: 8);
        var random = TunerHarness.MeanBestLoss("random", TunerHarness.DiscreteSpace(), objective, trials: 120, seeds: 8);

        Assert.True(evolution < random - 0.1, $"{name} mean best loss {evolution:F3}, random {random:F3}");
    }

    [Fact]
    public void Propose_AfterThePopulationIsFull_ChangesExactlyOneParameterOfAMember()
    {
        var space = TunerHarness.DiscreteSpace();
        var tuner = new RegularizedEvolutionTuner(space, seed: 3, populationSize: 5, sampleSize: 2);
        var trials = TunerHarness.Run(tuner, TunerHarness.DiscreteObjective(1), 30);

        for (var i = 5; i < trials.Count; i++)
        {
            var child = trials[i].Parameter;
            // Aging keeps the last five results, so the parent is among the five trials before this one.
            var parents = trials.Skip(i - 5).Take(5).Select(t => t.Parameter);
            Assert.Contains(parents, parent => parent.Children.Count(c => c.Value != child[c.Key]) == 1);
        }
    }

    [Fact]
    public void Propose_OnASmallSpace_NeverRepeatsAndStopsWhenExhausted()
    {
        var space = new SearchSpace().Add("a", new ChoiceOption("x", "y")).Add("b", new IntRangeOption(1, 3));
        var tuner = new RegularizedEvolutionTuner(space, seed: 0, populationSize: 2, sampleSize: 2);

        var trials = TunerHarness.Run(tuner, p => p.GetValue<int>("b"), 10);

        Assert.Equal(6, trials.Count);
        Assert.Equal(6, trials.Select(t => t.Parameter).Distinct().Count());
    }
}
