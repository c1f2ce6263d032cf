namespace MlNetNas.Tests.Search.Pruning;

using MlNetNas.Search.Pruning;

public sealed class HyperbandPrunerTests
{
    /// <summary>The first <paramref name="count"/> positive trial ids that the pruner puts in <paramref name="bracket"/>.</summary>
    private static int[] IdsOf(HyperbandPruner pruner, int bracket, int count) =>
        Enumerable.Range(1, 100_000).Where(id => pruner.BracketOf(id) == bracket).Take(count).ToArray();

    [Fact]
    public void Brackets_StartAtMinEpochsTimesPowersOfEta_AndStopBelowR()
    {
        var pruner = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);

        Assert.Equal(54, pruner.MaxResource);
        Assert.Equal(4, pruner.BracketCount);
        Assert.Equal([2, 6, 18], pruner.Rungs(0));
        Assert.Equal([6, 18], pruner.Rungs(1));
        Assert.Equal([18], pruner.Rungs(2));
        Assert.Empty(pruner.Rungs(3));
    }

    [Fact]
    public void BracketWeights_AreHyperbandsConfigurationsPerBracket()
    {
        Assert.Equal([27, 12, 6, 4], new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3).BracketWeights);

        // The paper's example, R = 81, η = 3: n = 81, 34, 15, 8, 5.
        Assert.Equal([81, 34, 15, 8, 5], new HyperbandPruner(minEpochs: 1, maxEpochs: 81, reductionFactor: 3).BracketWeights);
    }

    [Theory]
    [InlineData(2, 60, 3, 1)]
    [InlineData(2, 60, 3, -20)]
    [InlineData(2, 60, 3, 1_000_000)]
    [InlineData(1, 81, 3, 7)]
    [InlineData(1, 100, 2, 3)]
    public void BracketOf_OverAnyPeriodOfConsecutiveIds_FollowsTheWeightsExactly(int minEpochs, int maxEpochs, int eta, int firstId)
    {
        var pruner = new HyperbandPruner(minEpochs, maxEpochs, eta);
        var period = pruner.BracketWeights.Sum();

        var counts = new int[pruner.BracketCount];
        for (var id = firstId; id < firstId + period; id++)
        {
            counts[pruner.BracketOf(id)]++;
        }

        Assert.Equal(pruner.BracketWeights, counts);
    }

    [Fact]
    public void BracketOf_InterleavesBrackets_SoAShortRunSeesSeveral()
    {
        var pruner = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);

        var firstTwenty = Enumerable.Range(1, 20).Select(pruner.BracketOf).ToArray();

        Assert.True(firstTwenty.Distinct().Count() >= 3, string.Join(",", firstTwenty));
        Assert.InRange(firstTwenty.Count(b => b == 0), 8, 14); // 27/49 of 20 is 11
    }

    [Fact]
    public void BracketOf_DependsOnTheIdAlone()
    {
        var fresh = new HyperbandPruner();
        var used = new HyperbandPruner();
        for (var t = 1; t <= 30; t++)
        {
            PrunerHarness.Run(used, t, PrunerHarness.Curve(0.1 * t));
        }

        Assert.Equal(Enumerable.Range(-50, 200).Select(fresh.BracketOf), Enumerable.Range(-50, 200).Select(used.BracketOf));
    }

    [Fact]
    public void TrialsInDifferentBrackets_NeverPruneEachOther()
    {
        var hyperband = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);
        var asha = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 3);
        var others = IdsOf(hyperband, 1, 4).Concat(IdsOf(hyperband, 2, 4)).Concat(IdsOf(hyperband, 3, 4));
        foreach (var id in others)
        {
            PrunerHarness.Run(hyperband, id, PrunerHarness.Curve(0.1, epochs: 60));
            PrunerHarness.Run(asha, id, PrunerHarness.Curve(0.1, epochs: 60));
        }

        // The first trial of bracket 0 is first at each of its rungs, however good the other brackets' trials were.
        var bad = IdsOf(hyperband, 0, 1)[0];
        var badCurve = PrunerHarness.Curve(2.0, start: 3.0, epochs: 60);
        Assert.Null(PrunerHarness.Run(hyperband, bad, badCurve));
        Assert.Equal(2, PrunerHarness.Run(asha, bad, badCurve));
    }

    [Fact]
    public void InsideABracket_ItIsAsha_StartingAtThatBracketsFirstRung()
    {
        var pruner = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);
        var zero = IdsOf(pruner, 0, 4);
        var one = IdsOf(pruner, 1, 4);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(PrunerHarness.Run(pruner, zero[i], PrunerHarness.Curve(0.1 * (4 - i), start: 1.0, epochs: 60)));
            Assert.Null(PrunerHarness.Run(pruner, one[i], PrunerHarness.Curve(0.1 * (4 - i), start: 1.0, epochs: 60)));
        }

        Assert.Equal(2, PrunerHarness.Run(pruner, zero[3], PrunerHarness.Curve(2.0, start: 3.0, epochs: 60)));
        Assert.Equal(6, PrunerHarness.Run(pruner, one[3], PrunerHarness.Curve(2.0, start: 3.0, epochs: 60)));
    }

    [Fact]
    public void MostConservativeBracket_NeverPrunes_TheNextOnePrunesAtItsRung()
    {
        var pruner = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);
        var last = IdsOf(pruner, 3, 12);
        var nextToLast = IdsOf(pruner, 2, 12);

        var lastPruned = last.Select((id, i) => PrunerHarness.Run(pruner, id, PrunerHarness.Curve(0.2 + (0.1 * i), epochs: 80))).ToArray();
        var nextToLastPruned = nextToLast.Select((id, i) => PrunerHarness.Run(pruner, id, PrunerHarness.Curve(0.2 + (0.1 * i), epochs: 80))).ToArray();

        Assert.All(lastPruned, Assert.Null);
        Assert.Null(nextToLastPruned[0]);
        Assert.All(nextToLastPruned.Skip(1), p => Assert.Equal(18, p));
    }

    [Fact]
    public void NoTrialIsPrunedAtOrAfterR_WhereAshaAloneWouldBe()
    {
        var hyperband = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);
        var asha = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 3);
        var ids = IdsOf(hyperband, 0, 4);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(PrunerHarness.Run(hyperband, ids[i], PrunerHarness.Curve(0.1 * (3 - i), epochs: 60)));
            Assert.Null(PrunerHarness.Run(asha, ids[i], PrunerHarness.Curve(0.1 * (3 - i), epochs: 60)));
        }

        // Second best at rungs 2, 6 and 18, then flat at 1.0: at rung 54, Hyperband's R, two trials are better and ASHA stops it.
        var stalls = PrunerHarness.Curve(0.15, epochs: 60).Select((loss, e) => e < 18 ? loss : 1.0).ToArray();
        Assert.Null(PrunerHarness.Run(hyperband, ids[3], stalls));
        Assert.Equal(54, PrunerHarness.Run(asha, ids[3], stalls));
    }

    [Fact]
    public void Complete_WithACurveOnly_PrimesOnlyThatTrialsBracket()
    {
        var pruner = new HyperbandPruner(minEpochs: 2, maxEpochs: 60, reductionFactor: 3);
        var zero = IdsOf(pruner, 0, 2);
        var one = IdsOf(pruner, 1, 1);
        pruner.Complete(zero[0], PrunerHarness.Curve(0.1));

        Assert.Null(PrunerHarness.Run(pruner, one[0], PrunerHarness.Curve(1.5)));
        Assert.Equal(2, PrunerHarness.Run(pruner, zero[1], PrunerHarness.Curve(1.5)));
    }

    [Theory]
    [InlineData(0, 60, 3)]
    [InlineData(10, 9, 3)]
    [InlineData(2, 60, 1)]
    public void Constructor_WithBadSettings_Throws(int minEpochs, int maxEpochs, int eta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandPruner(minEpochs, maxEpochs, eta));
    }
}
