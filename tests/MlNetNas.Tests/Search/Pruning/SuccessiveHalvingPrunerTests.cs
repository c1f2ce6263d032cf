namespace MlNetNas.Tests.Search.Pruning;

using MlNetNas.Search.Pruning;

public sealed class SuccessiveHalvingPrunerTests
{
    [Fact]
    public void Rungs_AreMinEpochsTimesPowersOfEta()
    {
        Assert.Equal([2, 6, 18, 54], new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 3).Rungs(60));
        Assert.Equal([1, 2, 4, 8, 16], new SuccessiveHalvingPruner(minEpochs: 1, reductionFactor: 2).Rungs(20));
    }

    [Fact]
    public void ClearlyBadCurve_IsPrunedAtTheFirstRung_NotBefore()
    {
        var pruner = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 3);
        for (var t = 1; t <= 3; t++)
        {
            Assert.Null(PrunerHarness.Run(pruner, t, PrunerHarness.Curve(0.1 * (4 - t), start: 1.0)));
        }

        Assert.Equal(2, PrunerHarness.Run(pruner, 4, PrunerHarness.Curve(2.0, start: 3.0)));
    }

    [Fact]
    public void GoodCurve_AfterMediocreOnes_RunsToTheEnd()
    {
        var pruner = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 3);
        for (var t = 1; t <= 6; t++)
        {
            PrunerHarness.Run(pruner, t, PrunerHarness.Curve(1.0 + (0.05 * t)));
        }

        Assert.Null(PrunerHarness.Run(pruner, 7, PrunerHarness.Curve(0.2)));
    }

    [Fact]
    public void CurveThatFallsBehindLater_IsPrunedAtALaterRung()
    {
        var pruner = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 3);
        for (var t = 1; t <= 3; t++)
        {
            Assert.Null(PrunerHarness.Run(pruner, t, PrunerHarness.Curve(0.1 * (4 - t))));
        }

        // As good as the best up to epoch 6, then flat at 1.0 while the others keep improving.
        var stalls = PrunerHarness.Curve(0.1).Select((loss, i) => i < 6 ? loss - 0.01 : 1.0).ToArray();
        Assert.Equal(18, PrunerHarness.Run(pruner, 4, stalls));
    }

    [Fact]
    public void EachTrialBetterThanAllBefore_IsNeverPruned_EachWorse_IsPrunedAtTheFirstRung()
    {
        var improving = new SuccessiveHalvingPruner();
        var worsening = new SuccessiveHalvingPruner();

        var improvingPruned = Enumerable.Range(1, 10).Select(t => PrunerHarness.Run(improving, t, PrunerHarness.Curve(1.0 - (0.05 * t)))).ToArray();
        var worseningPruned = Enumerable.Range(1, 10).Select(t => PrunerHarness.Run(worsening, t, PrunerHarness.Curve(0.5 + (0.05 * t)))).ToArray();

        Assert.All(improvingPruned, Assert.Null);
        Assert.Null(worseningPruned[0]);
        Assert.All(worseningPruned.Skip(1), p => Assert.Equal(2, p));
    }

    [Fact]
    public void Complete_WithACurveOnly_PrimesTheRungs()
    {
        var pruner = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 2);
        pruner.Complete(100, PrunerHarness.Curve(0.1));

        Assert.Equal(2, PrunerHarness.Run(pruner, 1, PrunerHarness.Curve(1.5)));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, 1)]
    public void Constructor_WithBadSettings_Throws(int minEpochs, int eta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(minEpochs, eta));
    }
}
