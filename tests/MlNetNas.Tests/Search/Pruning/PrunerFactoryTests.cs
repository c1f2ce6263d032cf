namespace MlNetNas.Tests.Search.Pruning;

using MlNetNas.Search.Pruning;

public sealed class PrunerFactoryTests
{
    [Fact]
    public void Create_KnownNames_ReturnThatPruner_NoneIsNull()
    {
        Assert.Null(PrunerFactory.Create("none"));
        Assert.IsType<MedianStoppingPruner>(PrunerFactory.Create("Median"));
        Assert.IsType<SuccessiveHalvingPruner>(PrunerFactory.Create("asha"));
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => PrunerFactory.Create("hyperband"));

        Assert.Contains("'hyperband'", e.Message);
        Assert.Contains("none, median, asha", e.Message);
    }
}
