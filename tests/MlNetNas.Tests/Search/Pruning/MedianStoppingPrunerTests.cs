namespace MlNetNas.Tests.Search.Pruning;

using MlNetNas.Search.Pruning;

public sealed class MedianStoppingPrunerTests
{
    private static MedianStoppingPruner WithFiveCompleted(int warmupEpochs)
    {
        var pruner = new MedianStoppingPruner(warmupEpochs, minCompletedTrials: 5);
        for (var t = 1; t <= 5; t++)
        {
            Assert.Null(PrunerHarness.Run(pruner, t, PrunerHarness.Curve(0.2 + (0.1 * t))));
        }

        return pruner;
    }

    [Fact]
    public void ClearlyBadCurve_IsPrunedRightAfterTheWarmUp()
    {
        var pruner = WithFiveCompleted(warmupEpochs: 4);

        Assert.Equal(5, PrunerHarness.Run(pruner, 6, PrunerHarness.Curve(2.0, start: 3.0)));
    }

    [Fact]
    public void GoodCurve_RunsToTheEnd()
    {
        var pruner = WithFiveCompleted(warmupEpochs: 4);

        Assert.Null(PrunerHarness.Run(pruner, 6, PrunerHarness.Curve(0.25)));
        Assert.Equal(6, pruner.CompletedTrials);
    }

    [Fact]
    public void CurveJustWorseThanTheMedian_IsPruned_JustBetter_IsNot()
    {
        // The median of the five completed curves is the third one, with floor 0.5.
        Assert.NotNull(PrunerHarness.Run(WithFiveCompleted(warmupEpochs: 4), 6, PrunerHarness.Curve(0.52)));
        Assert.Null(PrunerHarness.Run(WithFiveCompleted(warmupEpochs: 4), 6, PrunerHarness.Curve(0.48)));
    }

    [Fact]
    public void NothingIsPruned_DuringTheWarmUp_OrBeforeEnoughTrialsComplete()
    {
        var warm = WithFiveCompleted(warmupEpochs: 30);
        var young = new MedianStoppingPruner(warmupEpochs: 0, minCompletedTrials: 5);
        for (var t = 1; t <= 4; t++)
        {
            young.Complete(t, PrunerHarness.Curve(0.1));
        }

        Assert.Null(PrunerHarness.Run(warm, 6, PrunerHarness.Curve(2.0, start: 3.0)));
        Assert.Null(PrunerHarness.Run(young, 6, PrunerHarness.Curve(2.0, start: 3.0)));
    }

    [Fact]
    public void ShorterCompletedCurves_CountWithTheirFinalBest()
    {
        var pruner = new MedianStoppingPruner(warmupEpochs: 3, minCompletedTrials: 3);
        for (var t = 1; t <= 3; t++)
        {
            pruner.Complete(t, [1.0, 0.5, 0.4]);
        }

        // The completed trials stopped at epoch 3; at epoch 4 they count with 0.4.
        Assert.Equal(4, PrunerHarness.Run(pruner, 4, [2.0, 2.0, 2.0, 2.0, 2.0]));
    }

    [Fact]
    public void PrunedTrials_DoNotJoinTheReferenceSet()
    {
        var pruner = WithFiveCompleted(warmupEpochs: 2);

        Assert.NotNull(PrunerHarness.Run(pruner, 6, PrunerHarness.Curve(2.0, start: 3.0)));
        Assert.Equal(5, pruner.CompletedTrials);
    }
}
