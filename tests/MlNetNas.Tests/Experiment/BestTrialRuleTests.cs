using MlNetNas.Experiment;
using MlNetNas.Search;

namespace MlNetNas.Tests.Experiment;

using MlNetNas.SearchSpace;

public sealed class BestTrialRuleTests
{
    private static readonly NasTask Accuracy = NasTask.MulticlassClassification();
    private static readonly NasTask Rmse = NasTask.Regression(metric: NasMetric.RootMeanSquaredError);

    private static TrialResult Trial(TrialStatus status, double metric) =>
        new(1, "nas", Parameter.FromObject([]), status, metric, TimeSpan.Zero, null);

    [Fact]
    public void APrunedTrial_NeverReplacesACompletedOne_EvenWithABetterMetric()
    {
        Assert.False(BestTrialRule.IsBetter(Trial(TrialStatus.Pruned, 0.99), Trial(TrialStatus.Completed, 0.90), Accuracy));
    }

    [Fact]
    public void ACompletedTrial_ReplacesAPrunedOne_EvenWithAWorseMetric()
    {
        Assert.True(BestTrialRule.IsBetter(Trial(TrialStatus.Completed, 0.80), Trial(TrialStatus.Pruned, 0.95), Accuracy));
    }

    [Theory]
    [InlineData(TrialStatus.Completed)]
    [InlineData(TrialStatus.Pruned)]
    public void WithTheSameStatus_TheBetterMetricWins_InTheMetricsDirection(TrialStatus status)
    {
        Assert.True(BestTrialRule.IsBetter(Trial(status, 0.95), Trial(status, 0.90), Accuracy));
        Assert.False(BestTrialRule.IsBetter(Trial(status, 0.90), Trial(status, 0.95), Accuracy));
        Assert.True(BestTrialRule.IsBetter(Trial(status, 1.5), Trial(status, 2.0), Rmse));
    }

    [Fact]
    public void AnyTrialWithAMetric_BeatsNoTrial()
    {
        Assert.True(BestTrialRule.IsBetter(Trial(TrialStatus.Pruned, 0.1), null, Accuracy));
    }
}
