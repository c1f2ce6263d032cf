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
    [InlineData("auto", typeof(PortfolioTuner))]
    [InlineData("portfolio:tpe+local-search", typeof(PortfolioTuner))]
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
        Assert.Equal(["auto", "random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce", "progressive"], TunerFactory.Names);
    }

    [Fact]
    public void Create_Auto_IsAPortfolioOfTheAutoMembers()
    {
        var tuner = Assert.IsType<PortfolioTuner>(TunerFactory.Create("auto", new SearchSpace().Add("a", new ChoiceOption(1, 2)), 0));

        Assert.Equal(TunerFactory.AutoMembers, tuner.MemberNames);
    }

    [Theory]
    [InlineData("portfolio:", "names its members")]
    [InlineData("portfolio:tpe+bayes", "'bayes'")]
    [InlineData("portfolio:tpe+auto", "cannot contain 'auto'")]
    [InlineData("portfolio:tpe+tpe", "'tpe' twice")]
    public void Create_BadPortfolio_SaysWhatIsWrong(string name, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => TunerFactory.Create(name, new SearchSpace().Add("a", new ChoiceOption(1, 2)), 0));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void IsKnown_ExplainsAnUnknownName()
    {
        Assert.True(TunerFactory.IsKnown("portfolio:evolution+random", out var none));
        Assert.Null(none);
        Assert.False(TunerFactory.IsKnown("hyper", out var error));
        Assert.Contains("'hyper'", error);
        Assert.DoesNotContain("(Parameter", error);
    }

    [Theory]
    [InlineData("progressive:nosuch")]
    [InlineData("progressive:progressive")]
    [InlineData("progressive:")]
    public void Create_ProgressiveAroundAnUnknownTuner_ThrowsNamingTheForm(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => TunerFactory.Create(name, new SearchSpace(), 0));

        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("progressive:NAME needs NAME one of auto, random, grid", e.Message);
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
