using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using MlNetNas.Search.OneShot;

namespace MlNetNas.Tests.Search;

public sealed class DerivationGuardTests
{
    private static readonly CellArchitecture A = CellArchitecture.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
    private static readonly CellArchitecture B = CellArchitecture.Parse("|nor_conv_1x1~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
    private static readonly CellArchitecture Collapsed = CellArchitecture.Parse("|skip_connect~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");

    [Fact]
    public void MoreSkipConnectionsThanTheLimit_StopsAtOnce()
    {
        var guard = new DerivationGuard(maxSkipConnections: 2, minEpochs: 2, patience: 3);
        Assert.Null(guard.Observe(Collapsed, 1)); // before minEpochs: noise
        Assert.Null(guard.Observe(B, 2));
        Assert.Contains("3 skip connections at epoch 3", guard.Observe(Collapsed, 3));
    }

    [Fact]
    public void AnUnchangedCell_StopsAfterPatience_ButNotBeforeMinEpochs()
    {
        var guard = new DerivationGuard(maxSkipConnections: 2, minEpochs: 5, patience: 2);
        Assert.Null(guard.Observe(B, 1));
        Assert.Null(guard.Observe(A, 2));
        Assert.Null(guard.Observe(A, 3));
        Assert.Null(guard.Observe(A, 4)); // stable for 2 epochs already, but before epoch 5
        Assert.Contains("unchanged for 2 epochs at epoch 5", guard.Observe(A, 5));
    }

    [Fact]
    public void ChangingCells_NeverStop()
    {
        var guard = new DerivationGuard(maxSkipConnections: 2, minEpochs: 1, patience: 2);
        for (int epoch = 1; epoch <= 10; epoch++)
        {
            Assert.Null(guard.Observe(epoch % 2 == 0 ? A : B, epoch));
        }
    }

    [Fact]
    public void CappedDerivation_KeepsTheSkipConnectionsThatLeadByMost()
    {
        // Four edges prefer skip_connect; their margins over the next-best operation are 1, 4, 2 and 3.
        using var weights = ArchitectureWeights.FromValues(new float[,]
        {
            { 0, 2, 1, 0, 0 },
            { 0, 5, 0, 1, 0 },
            { 0, 3, 0, 0, 1 },
            { 0, 4, 1, 0, 0 },
            { 0, 0, 0, 6, 0 },
            { 0, 0, 2, 0, 0 },
        });

        Assert.Equal(4, weights.Derive().SkipConnections);
        var capped = weights.Derive(maxSkipConnections: 2);
        Assert.Equal("|nor_conv_1x1~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|", capped.ToString());
    }

    [Fact]
    public void ParameterFreeCap_GivesTheWeakestFreeEdgesTheirStrongestConvolution()
    {
        // Five edges prefer pooling or skip; margins over their best convolution: 1, 4, 2, 3, 5.
        using var weights = ArchitectureWeights.FromValues(new float[,]
        {
            { 0, 0, 1, 0, 2 },
            { 0, 0, 0, 1, 5 },
            { 0, 3, 1, 0, 0 },
            { 0, 0, 1, 0, 4 },
            { 0, 6, 0, 1, 0 },
            { 0, 0, 2, 0, 0 },
        });

        var capped = weights.Derive(maxSkipConnections: 2, maxParameterFree: 3);
        Assert.Equal("|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_1x1~2|", capped.ToString());
        Assert.Equal(3, capped.ParameterFreeEdges);
    }
}
