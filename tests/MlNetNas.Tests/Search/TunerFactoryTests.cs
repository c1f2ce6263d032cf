namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;
using Xunit;

public sealed class TunerFactoryTests
{
    [Theory]
    [InlineData("random", typeof(RandomTuner))]
    [InlineData("Grid", typeof(GridTuner))]
    [InlineData("evolution", typeof(RegularizedEvolutionTuner))]
    [InlineData("regularized-evolution", typeof(RegularizedEvolutionTuner))]
    [InlineData("local-search", typeof(LocalSearchTuner))]
    [InlineData("TPE", typeof(TpeTuner))]
    [InlineData("smac", typeof(SmacTuner))]
    [InlineData("Reinforce", typeof(ReinforceTuner))]
    [InlineData("progressive", typeof(ProgressiveTuner))]
    [InlineData("Progressive:Evolution", typeof(ProgressiveTuner))]
    public void Create_KnownName_ReturnsThatTuner(string name, Type expected)
    {
        Assert.IsType(expected, TunerFactory.Create(name, new SearchSpace().Add("a", new ChoiceOption(1, 2)), 0));
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => TunerFactory.Create("bayes", new SearchSpace(), 0));

        Assert.Contains("'bayes'", e.Message);
        Assert.Contains("random, grid", e.Message);
    }

    [Fact]
    public void Names_ListsEveryTuner()
    {
        Assert.Equal(["random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce", "progressive"], TunerFactory.Names);
    }

    [Theory]
    [InlineData("progressive:nosuch")]
    [InlineData("progressive:progressive")]
    [InlineData("progressive:")]
    public void Create_ProgressiveAroundAnUnknownTuner_ThrowsNamingTheForm(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => TunerFactory.Create(name, new SearchSpace(), 0));

        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("progressive:NAME with NAME one of random, grid", e.Message);
        Assert.False(TunerFactory.IsKnown(name));
    }

    [Fact]
    public void IsKnown_AcceptsEveryNameAndProgressiveAroundEachOther()
    {
        Assert.All(TunerFactory.Names, name => Assert.True(TunerFactory.IsKnown(name)));
        Assert.All(TunerFactory.Names.Where(n => n != "progressive"), name => Assert.True(TunerFactory.IsKnown(" Progressive:" + name.ToUpperInvariant())));
        Assert.False(TunerFactory.IsKnown("bayes"));
    }

    [Fact]
    public void Create_ProgressiveName_WrapsThatTuner()
    {
        var space = new SearchSpace().Add("n", new IntRangeOption(1, 64)).Add("x", new FloatRangeOption(0, 1));
        static double Objective(Parameter p) => Math.Abs(p.GetValue<double>("x") - 0.5);

        var evolution = TunerHarness.Run(TunerFactory.Create("progressive:evolution", space, 3), Objective, 30).Select(t => t.Parameter);
        var wrapped = TunerHarness.Run(new ProgressiveTuner(space, (s, seed) => new RegularizedEvolutionTuner(s, seed, aging: false), 3), Objective, 30).Select(t => t.Parameter);
        var tpe = TunerHarness.Run(TunerFactory.Create("progressive", space, 3), Objective, 30).Select(t => t.Parameter);
        var wrappedTpe = TunerHarness.Run(new ProgressiveTuner(space, (s, seed) => new TpeTuner(s, seed), 3), Objective, 30).Select(t => t.Parameter);

        Assert.Equal(wrapped, evolution);
        Assert.Equal(wrappedTpe, tpe);
        Assert.NotEqual(tpe, evolution);
    }
}
