namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;
using MlNetNas.Tests.SearchSpace;
using Xunit;

public sealed class GridTunerTests
{
    private static List<Parameter> Drain(ITuner tuner, int max = 100_000)
    {
        var proposals = new List<Parameter>();
        for (var i = 0; i < max; i++)
        {
            var p = tuner.Propose(i);
            if (p is null)
            {
                return proposals;
            }

            proposals.Add(p);
        }

        throw new InvalidOperationException($"The tuner proposed more than {max} points.");
    }

    [Fact]
    public void Propose_SmallSpace_EnumeratesTheFullProductOnceThenNull()
    {
        var space = new SearchSpace()
            .Add("act", new ChoiceOption("relu", "tanh", "gelu"))
            .Add("layers", new IntRangeOption(1, 2))
            .Add("lr", new FloatRangeOption(0.1, 0.4, defaultValue: 0.2))
            .Add("seed", new ConstantOption(7));
        var tuner = new GridTuner(space, seed: 1, stepsPerRange: 4);

        var proposals = Drain(tuner);

        var expected =
            from act in new[] { "relu", "tanh", "gelu" }
            from layers in new[] { 1, 2 }
            from lr in Enumerable.Range(0, 4).Select(i => ((FloatRangeOption)space["lr"]).ValueAt(i / 3.0))
            select (act, layers, lr);
        Assert.Equal(3 * 2 * 4, proposals.Count);
        Assert.Equal(
            expected.OrderBy(e => e.ToString()),
            proposals.Select(p => (p.GetValue<string>("act"), p.GetValue<int>("layers"), p.GetValue<double>("lr"))).OrderBy(e => e.ToString()));
        Assert.All(proposals, p => Assert.Equal(7, p.GetValue<int>("seed")));
        Assert.Null(tuner.Propose(99));
    }

    [Fact]
    public void Propose_IntRanges_AreDeduplicatedAndLogSpaced()
    {
        var space = new SearchSpace().Add("small", new IntRangeOption(1, 2)).Add("units", new IntRangeOption(1, 1000, logScale: true));

        var proposals = Drain(new GridTuner(space, seed: 3, stepsPerRange: 4));

        Assert.Equal(2 * 4, proposals.Count);
        Assert.Equal([1, 10, 100, 1000], proposals.Select(p => p.GetValue<int>("units")).Distinct().Order());
    }

    [Fact]
    public void Propose_ConditionalOption_GivesOneGridPerBranchNotTheirProduct()
    {
        var space = new SearchSpace()
            .Add("opt", new ChoiceOption("adam", "sgd"))
            .Add("model", new ConditionalOption("type", new Dictionary<string, SearchSpace>
            {
                ["mlp"] = new SearchSpace().Add("layers", new ChoiceOption(1, 2, 3)),
                ["linear"] = new SearchSpace(),
                ["cnn"] = new SearchSpace().Add("kernel", new ChoiceOption(3, 5)).Add("pool", new ChoiceOption(true, false)),
            }));

        var proposals = Drain(new GridTuner(space, seed: 5));

        Assert.Equal(2 * (3 + 1 + 4), proposals.Count);
        Assert.Equal(proposals.Count, proposals.Distinct().Count());
        Assert.All(proposals, p => Assert.Equal(p, space.SampleFromFeatureSpace(space.MappingToFeatureSpace(p))));
    }

    [Fact]
    public void Propose_SameSeedSameOrder_DifferentSeedDifferentOrder()
    {
        var space = SearchSpaceTests.RichSpace();

        var a = Drain(new GridTuner(space, seed: 1, stepsPerRange: 2));
        var b = Drain(new GridTuner(space, seed: 1, stepsPerRange: 2));
        var c = Drain(new GridTuner(space, seed: 2, stepsPerRange: 2));

        Assert.Equal(1512, a.Count);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a.ToHashSet(), c.ToHashSet());
    }

    [Fact]
    public void Propose_HugeGrid_ProposesDistinctPointsWithoutEnumeratingIt()
    {
        var space = new SearchSpace();
        for (var i = 0; i < 60; i++)
        {
            space.Add($"x{i}", new FloatRangeOption(0, 1));
        }

        var tuner = new GridTuner(space, seed: 8, stepsPerRange: 10);
        var proposals = Enumerable.Range(0, 500).Select(i => tuner.Propose(i)!).ToList();

        Assert.Equal(System.Numerics.BigInteger.Pow(10, 60), tuner.Count);
        Assert.Equal(500, proposals.Distinct().Count());
    }

    [Fact]
    public void Constructor_ZeroSteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridTuner(new SearchSpace(), 1, stepsPerRange: 0));
    }
}
