namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class LocalSearchTunerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReachesTheOptimum_OfASeparableDiscreteFunction(int seed)
    {
        var space = new SearchSpace();
        for (var d = 0; d < 5; d++)
        {
            space.Add($"c{d}", new ChoiceOption("a", "b", "c", "d"));
        }

        space.Add("n", new IntRangeOption(1, 20));
        // Separable: each choice costs its distance from "c", and n its distance from 13; the optimum is unique (loss 0).
        double Objective(Parameter p) =>
            Enumerable.Range(0, 5).Sum(d => Math.Abs(p.GetValue<string>($"c{d}")[0] - 'c')) + Math.Abs(p.GetValue<int>("n") - 13);

        var trials = TunerHarness.Run(new LocalSearchTuner(space, seed), Objective, 150);

        Assert.Equal(0, trials.Min(t => t.Loss));
    }

    [Fact]
    public void Propose_AtALocalOptimum_RestartsAndNeverRepeats()
    {
        var space = new SearchSpace().Add("a", new ChoiceOption(0, 1, 2)).Add("b", new ChoiceOption(0, 1, 2));

        var trials = TunerHarness.Run(new LocalSearchTuner(space, seed: 5), p => p.GetValue<int>("a") + p.GetValue<int>("b"), 20);

        Assert.Equal(9, trials.Count);
        Assert.Equal(9, trials.Select(t => t.Parameter).Distinct().Count());
    }
}
