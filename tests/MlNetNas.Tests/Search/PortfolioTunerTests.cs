namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class PortfolioTunerTests
{
    private static SearchSpace Line() => new SearchSpace().Add("x", new FloatRangeOption(0, 1));

    [Fact]
    public void Update_TellsEveryMemberEveryResult_WhoeverProposedIt()
    {
        var a = new ScriptedTuner(_ => 0.1);
        var b = new ScriptedTuner(_ => 0.9);
        var portfolio = new PortfolioTuner(Line(), 1, [("a", a), ("b", b)]);

        var trials = TunerHarness.Run(portfolio, p => p.GetValue<double>("x"), 12);

        Assert.Equal(12, trials.Count);
        Assert.Equal(12, a.Observed.Count);
        Assert.Equal(a.Observed, b.Observed);
        Assert.Equal(12, portfolio.ProposalCounts.Values.Sum());
    }

    [Fact]
    public void Propose_GivesMostTurnsToTheMemberWhoseProposalsBeatTheOthers()
    {
        // "good" proposes ever smaller x (each beats everything so far); "bad" always proposes the worst point.
        var good = new ScriptedTuner(i => 0.5 / (i + 1));
        var bad = new ScriptedTuner(_ => 1.0);
        var portfolio = new PortfolioTuner(Line(), 3, [("bad", bad), ("good", good)]);

        TunerHarness.Run(portfolio, p => p.GetValue<double>("x"), 100);

        Assert.True(portfolio.ProposalCounts["good"] >= 75, $"good {portfolio.ProposalCounts["good"]}, bad {portfolio.ProposalCounts["bad"]}");
        Assert.True(portfolio.ProposalCounts["bad"] >= 5, "exploration keeps giving the weaker member some turns");
    }

    [Fact]
    public void ProposerOf_NamesTheMemberOfEachTrial_AndNullForWarmStartTrials()
    {
        var portfolio = new PortfolioTuner(Line(), 1, [("a", new ScriptedTuner(_ => 0.2)), ("b", new ScriptedTuner(_ => 0.4))]);
        portfolio.Update(new TrialObservation(-1, Parameter.FromObject([KeyValuePair.Create("x", Parameter.FromDouble(0.3))]), 0.3, TrialStatus.Completed, TimeSpan.Zero));

        TunerHarness.Run(portfolio, p => p.GetValue<double>("x"), 2);

        Assert.Equal("a", portfolio.ProposerOf(0));
        Assert.Equal("b", portfolio.ProposerOf(1));
        Assert.Null(portfolio.ProposerOf(-1));
    }

    [Fact]
    public void Auto_BeatsRandomSearch_OnARuggedDiscreteObjective_OnAverageOverSeeds()
    {
        var objective = TunerHarness.DiscreteObjective(tableSeed: 7);

        var auto = TunerHarness.MeanBestLoss("auto", TunerHarness.DiscreteSpace(), objective, trials: 120, seeds: 8);
        var random = TunerHarness.MeanBestLoss("random", TunerHarness.DiscreteSpace(), objective, trials: 120, seeds: 8);

        Assert.True(auto < random - 0.1, $"auto mean best loss {auto:F3}, random {random:F3}");
    }

    [Fact]
    public void Propose_WithAMemberThatRepeatsItself_NeverRepeatsAPointOfAFiniteSpace()
    {
        var space = new SearchSpace().Add("a", new ChoiceOption(0, 1, 2)).Add("b", new ChoiceOption(0, 1));

        var trials = TunerHarness.Run(new PortfolioTuner(space, 2, [("random", new RandomTuner(space, 5)), ("grid", new GridTuner(space, 5))]), _ => 1, 20);

        Assert.Equal(6, trials.Count);
        Assert.Equal(6, trials.Select(t => t.Parameter).Distinct().Count());
    }

    [Fact]
    public void Constructor_WithoutMembers_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PortfolioTuner(Line(), 1, []));
    }

    /// <summary>Proposes x = f(its own proposal count) and records what it is told.</summary>
    private sealed class ScriptedTuner(Func<int, double> next) : ITuner
    {
        private int proposals;

        public List<int> Observed { get; } = [];

        public Parameter? Propose(int trialId) => Parameter.FromObject([KeyValuePair.Create("x", Parameter.FromDouble(next(proposals++)))]);

        public void Update(TrialObservation observation) => Observed.Add(observation.TrialId);
    }
}
