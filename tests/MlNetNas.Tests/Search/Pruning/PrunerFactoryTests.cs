namespace MlNetNas.Tests.Search.Pruning;

using MlNetNas.Architectures.Families;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search.Pruning;
using MlNetNas.SearchSpace;

public sealed class PrunerFactoryTests
{
    [Fact]
    public void Create_KnownNames_ReturnThatPruner_NoneIsNull()
    {
        Assert.Null(PrunerFactory.Create("none"));
        Assert.IsType<MedianStoppingPruner>(PrunerFactory.Create("Median"));
        Assert.IsType<SuccessiveHalvingPruner>(PrunerFactory.Create("asha"));
        Assert.IsType<HyperbandPruner>(PrunerFactory.Create(" HyperBand "));
        Assert.Equal(["none", "median", "asha", "hyperband"], PrunerFactory.Names);
    }

    [Fact]
    public void Create_Hyperband_SpansTheEpochsOfTheMlpSpace()
    {
        var pruner = Assert.IsType<HyperbandPruner>(PrunerFactory.Create("hyperband"));
        var epochs = Assert.IsType<IntRangeOption>(MlpSearchSpace.Create()["epochs"]);

        // R is the largest rung a network of the space can reach: no bracket's decision lies beyond the space's epochs.
        Assert.Equal((2, 3, 4), (pruner.MinEpochs, pruner.ReductionFactor, pruner.BracketCount));
        Assert.InRange(pruner.MaxResource, epochs.Min, epochs.Max);
        Assert.True(pruner.MaxResource * pruner.ReductionFactor > epochs.Max);
        Assert.Equal([2, 6, 18], pruner.Rungs(0));
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => PrunerFactory.Create("bohb"));

        Assert.Contains("'bohb'", e.Message);
        Assert.Contains("none, median, asha, hyperband", e.Message);
    }
}
