namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

/// <summary>Properties every tuner of <see cref="TunerFactory"/> must have.</summary>
public sealed class AllTunersTests
{
    public static TheoryData<string> Learning => ["auto", "portfolio:smac+reinforce", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce", "progressive", "progressive:evolution"];

    private static SearchSpace Mixed() => new SearchSpace()
        .Add("act", new ChoiceOption("relu", "gelu", "tanh"))
        .Add("rate", new FloatRangeOption(1e-5, 1e-1, logScale: true))
        .Add("layers", new IntRangeOption(1, 6))
        .Add("fixed", new ConstantOption(3))
        .Add("head", new ConditionalOption("kind", new Dictionary<string, SearchSpace>
        {
            ["mlp"] = new SearchSpace().Add("width", new IntRangeOption(8, 512, logScale: true)),
            ["linear"] = new SearchSpace(),
        }));

    private static double MixedObjective(Parameter p) =>
        Math.Abs(Math.Log10(p.GetValue<double>("rate")) + 3) + p.GetValue<int>("layers") + (p["head"].GetValue<string>("kind") == "mlp" ? 0 : 1);

    [Theory]
    [MemberData(nameof(Learning))]
    public void SameSeed_GivesTheSameProposals(string name)
    {
        var first = TunerHarness.Run(TunerFactory.Create(name, Mixed(), 42), MixedObjective, 25).Select(t => t.Parameter.ToJson());
        var second = TunerHarness.Run(TunerFactory.Create(name, Mixed(), 42), MixedObjective, 25).Select(t => t.Parameter.ToJson());
        var other = TunerHarness.Run(TunerFactory.Create(name, Mixed(), 43), MixedObjective, 25).Select(t => t.Parameter.ToJson());

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(Learning))]
    public void Proposals_AreValidParametersOfAMixedConditionalSpace(string name)
    {
        var space = Mixed();

        var trials = TunerHarness.Run(TunerFactory.Create(name, space, 1), MixedObjective, 30);

        Assert.Equal(30, trials.Count);
        Assert.All(trials, t => Assert.Equal(t.Parameter, space.SampleFromFeatureSpace(space.MappingToFeatureSpace(t.Parameter))));
    }

    [Theory]
    [MemberData(nameof(Learning))]
    public void Propose_OnAFiniteSpace_NeverRepeatsAndReturnsNullWhenExhausted(string name)
    {
        var space = new SearchSpace().Add("a", new ChoiceOption(0, 1, 2, 3)).Add("b", new IntRangeOption(0, 4)).Add("c", new ConstantOption("k"));

        var trials = TunerHarness.Run(TunerFactory.Create(name, space, 9), p => Math.Abs(p.GetValue<int>("a") - p.GetValue<int>("b")), 40);

        Assert.Equal(20, trials.Count);
        Assert.Equal(20, trials.Select(t => t.Parameter).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Learning))]
    public void Update_WithFailedTrials_KeepsProposing(string name)
    {
        var tuner = TunerFactory.Create(name, Mixed(), 5);

        for (var id = 0; id < 20; id++)
        {
            var p = tuner.Propose(id);
            Assert.NotNull(p);
            tuner.Update(new TrialObservation(id, p, id % 2 == 0 ? null : MixedObjective(p), id % 2 == 0 ? TrialStatus.Failed : TrialStatus.Completed, TimeSpan.Zero));
        }
    }
}
