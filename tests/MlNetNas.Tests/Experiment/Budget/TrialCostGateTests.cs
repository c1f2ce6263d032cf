using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.SearchSpace;
using Xunit;

namespace MlNetNas.Tests.Experiment.Budget;

/// <summary>Classic trials start only when their estimate fits the time they may use, scaled down first when they can be.</summary>
public sealed class TrialCostGateTests
{
    // The file of the issue: 300 rows × 2000 numeric columns, 3 classes; FastTree's default took 103 s on it.
    private static readonly DataShape Wide = new(240, 2000, 3);

    // taxi-fare-train.csv featurized: 80,000 training rows, about 10 features, regression.
    private static readonly DataShape Taxi = new(80_000, 10, 1);

    private readonly FastTreeCandidate fastTree = new();

    [Fact]
    public void FastTreeEstimate_OnTheWideFile_IsOverAMinute_AndOnTaxiAFewSeconds()
    {
        double wide = fastTree.EstimateSeconds(Default(fastTree), Wide);
        double taxi = fastTree.EstimateSeconds(Default(fastTree), Taxi);

        Assert.InRange(wide, 60, 200); // measured: 94 s
        Assert.InRange(taxi, 0.5, 5); // measured: 1.3 s
    }

    [Fact]
    public void LinearAndLightGbmEstimates_GrowWithTheData()
    {
        var linear = new LinearCandidate();
        var lightGbm = new LightGbmCandidate();
        var small = new DataShape(1000, 10, 2);
        var large = new DataShape(100_000, 100, 2);

        Assert.True(linear.EstimateSeconds(Default(linear), large) > 10 * linear.EstimateSeconds(Default(linear), small));
        Assert.True(lightGbm.EstimateSeconds(Default(lightGbm), large) > 10 * lightGbm.EstimateSeconds(Default(lightGbm), small));
    }

    [Fact]
    public void SdcaEstimate_IsHigherWhereFeaturesOutnumberRows()
    {
        var linear = new LinearCandidate();
        // digits' folds of a 5-fold run: 1,150 rows × 83 featurized slots × 10 classes (measured: 1.9 s with warm-up).
        Assert.InRange(linear.EstimateSeconds(Default(linear), new DataShape(1150, 83, 10)), 0.5, 3);
        Assert.InRange(linear.EstimateSeconds(Default(linear), Wide), 5, 20); // measured: 12 s on 300 rows
    }

    [Fact]
    public void Plan_ThatFits_RunsAsProposed()
    {
        var plan = new TrialCostGate().Plan(fastTree, Default(fastTree), Taxi, TimeSpan.FromSeconds(60));

        Assert.True(plan.Starts);
        Assert.Null(plan.Note);
        Assert.Equal(100, plan.Parameter!["trees"].AsInt());
    }

    [Fact]
    public void Plan_TooLong_ScalesTheTreesDown_ToFitTheTimeAvailable()
    {
        var available = TimeSpan.FromSeconds(60);

        var plan = new TrialCostGate().Plan(fastTree, Default(fastTree), Wide, available);

        Assert.True(plan.Starts);
        int trees = plan.Parameter!["trees"].AsInt();
        Assert.InRange(trees, fastTree.MinimumSize, 99);
        Assert.True(plan.EstimatedSeconds <= available.TotalSeconds * TrialCostGate.Headroom);
        Assert.Contains($"trees 100 → {trees}", plan.Note, StringComparison.Ordinal);
        Assert.Equal(Default(fastTree)["leaves"].AsInt(), plan.Parameter["leaves"].AsInt());
    }

    [Fact]
    public void Plan_TooLongEvenAtTheMinimum_IsNotStarted()
    {
        var plan = new TrialCostGate().Plan(fastTree, Default(fastTree), Wide, TimeSpan.FromSeconds(10));

        Assert.False(plan.Starts);
        Assert.StartsWith("not started", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_SlowerThanEstimated_RaisesLaterEstimatesByTheMedianRatio()
    {
        var gate = new TrialCostGate();
        var first = gate.Plan(fastTree, Default(fastTree), Taxi, TimeSpan.FromSeconds(60));
        double prior = first.EstimatedSeconds!.Value / first.Factor;

        gate.Observe("fasttree", first, prior * 3);
        gate.Observe("fasttree", first, prior * 5);
        gate.Observe("fasttree", first, prior * 4);
        var later = gate.Plan(fastTree, Default(fastTree), Taxi, TimeSpan.FromSeconds(60));

        Assert.Equal(4, gate.Factor("fasttree"), 6);
        Assert.Equal(prior * 4, later.EstimatedSeconds!.Value, 6);
    }

    [Fact]
    public void Plan_Network_HasNoEstimate_ItKeepsToItsTimeBudgetItself()
    {
        var network = new NasCandidate();
        var parameter = network.CreateSearchSpace(MlNetNas.Experiment.NasTask.Regression("y")).Default;

        var plan = new TrialCostGate().Plan(network, parameter, Wide, TimeSpan.FromSeconds(1));

        Assert.True(plan.Starts);
        Assert.Null(plan.EstimatedSeconds);
    }

    private static Parameter Default(ICandidateTrainer candidate) => candidate.CreateSearchSpace(MlNetNas.Experiment.NasTask.Regression("y")).Default;
}
