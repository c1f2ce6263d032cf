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
        Assert.Equal(["random", "grid", "evolution", "regularized-evolution", "local-search", "tpe", "smac", "reinforce"], TunerFactory.Names);
    }
}
