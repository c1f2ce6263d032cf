namespace MlNetNas.Tests.Search;

using MlNetNas.Architectures.Families;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class ProgressiveTunerTests
{
    // Restricted at first to layers 1–4 and width 8–26 (the lowest quarter of each scale).
    private static SearchSpace Network() => new SearchSpace()
        .Add("layers", new IntRangeOption(1, 16))
        .Add("width", new IntRangeOption(8, 1024, logScale: true))
        .Add("rate", new FloatRangeOption(1e-4, 1e-1, logScale: true))
        .Add("act", new ChoiceOption("relu", "tanh"));

    private static Func<Parameter, double> Optimum(int layers, int width) => p =>
        (Math.Abs(p.GetValue<int>("layers") - layers) / 2.0)
        + Math.Abs(Math.Log2(p.GetValue<int>("width") / (double)width))
        + (0.5 * Math.Abs(Math.Log10(p.GetValue<double>("rate")) + 2.5))
        + (p.GetValue<string>("act") == "tanh" ? 0.2 : 0);

    private static ProgressiveTuner Tpe(SearchSpace space, int seed, IEnumerable<string>? paths = null) =>
        new(space, (s, innerSeed) => new TpeTuner(s, innerSeed), seed, paths);

    private static bool Inside(Parameter p, int maxLayers, int maxWidth) => p.GetValue<int>("layers") <= maxLayers && p.GetValue<int>("width") <= maxWidth;

    [Fact]
    public void Start_RestrictsEveryIntegerRange_ToTheLowestQuarterOfItsScale()
    {
        var tuner = Tpe(Network(), seed: 1);

        Assert.Equal(["layers", "width"], tuner.GrowingPaths);
        Assert.Equal((1, 4), (tuner.CurrentRange("layers").Min, tuner.CurrentRange("layers").Max));
        Assert.Equal((8, 26), (tuner.CurrentRange("width").Min, tuner.CurrentRange("width").Max));
        Assert.True(tuner.CurrentRange("width").LogScale);
    }

    [Fact]
    public void EarlyProposals_StayInsideTheRestrictedRegion()
    {
        var tuner = Tpe(Network(), seed: 3);

        var trials = TunerHarness.Run(tuner, Optimum(layers: 14, width: 700), 5);

        Assert.All(trials, t => Assert.True(Inside(t.Parameter, 4, 26), t.Parameter.ToJson()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OptimumAtTheTopOfTheRanges_Widens_AndIsApproachedWithinTheBudget(int seed)
    {
        var tuner = Tpe(Network(), seed);

        var trials = TunerHarness.Run(tuner, Optimum(layers: 14, width: 700), 80);

        var best = trials.MinBy(t => t.Loss).Parameter;
        Assert.Equal(16, tuner.CurrentRange("layers").Max);
        Assert.Equal(1024, tuner.CurrentRange("width").Max);
        Assert.True(best.GetValue<int>("layers") >= 11 && best.GetValue<int>("width") >= 400, $"best {best.ToJson()} after {tuner.Widenings} widenings");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OptimumInsideTheInitialRegion_NeverWidens(int seed)
    {
        var tuner = Tpe(Network(), seed);

        var trials = TunerHarness.Run(tuner, Optimum(layers: 2, width: 13), 60);

        Assert.Equal(0, tuner.Widenings);
        Assert.All(trials, t => Assert.True(Inside(t.Parameter, 4, 26), t.Parameter.ToJson()));
    }

    [Fact]
    public void SameSeed_GivesTheSameProposals_AcrossWidenings()
    {
        static string[] Run(int seed) => TunerHarness.Run(Tpe(Network(), seed), Optimum(layers: 14, width: 700), 40).Select(t => t.Parameter.ToJson()).ToArray();

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void OnTheMlpSpace_ProposalsAreValidMlpParameters_AndStartSmall()
    {
        var space = MlpSearchSpace.Create();
        var tuner = Tpe(space, seed: 5);

        // Deeper and wider is better: the architecture ranges must grow.
        var trials = TunerHarness.Run(tuner, p => -Enumerable.Range(0, p.GetValue<int>("layers")).Sum(i => Math.Log2(p.GetValue<int>($"width_{i}"))), 60);

        Assert.Equal(["layers", "width_0", "width_1", "width_2", "width_3", "width_4", "width_5", "epochs"], tuner.GrowingPaths);
        Assert.Equal(60, trials.Count);
        Assert.All(trials.Take(5), t => Assert.True(t.Parameter.GetValue<int>("layers") <= 2 && t.Parameter.GetValue<int>("width_0") <= 45 && t.Parameter.GetValue<int>("epochs") <= 15, t.Parameter.ToJson()));
        Assert.All(trials, t =>
        {
            Assert.Equal(t.Parameter, space.SampleFromFeatureSpace(space.MappingToFeatureSpace(t.Parameter)));
            var architecture = MlpSearchSpace.ToArchitecture(t.Parameter);
            var training = MlpSearchSpace.ToTraining(t.Parameter, seed: 1, device: "cpu");
            Assert.InRange(architecture.HiddenWidths.Count, 0, MlpSearchSpace.MaxLayers);
            Assert.All(architecture.HiddenWidths, w => Assert.InRange(w, 16, 1024));
            training.Validate();
        });
        Assert.True(tuner.CurrentRange("layers").Max > 2, "the best trials sat at the layers border");
    }

    [Fact]
    public void ExplicitPaths_OnlyThoseRangesGrow()
    {
        var tuner = Tpe(Network(), seed: 2, paths: ["layers"]);

        var trials = TunerHarness.Run(tuner, Optimum(layers: 2, width: 700), 10);

        Assert.Equal(["layers"], tuner.GrowingPaths);
        Assert.Throws<KeyNotFoundException>(() => tuner.CurrentRange("width"));
        Assert.Contains(trials, t => t.Parameter.GetValue<int>("width") > 26);
        Assert.All(trials, t => Assert.True(t.Parameter.GetValue<int>("layers") <= 4, t.Parameter.ToJson()));
    }

    [Fact]
    public void UnknownPath_ThrowsListingTheIntegerRanges()
    {
        var e = Assert.Throws<ArgumentException>(() => Tpe(Network(), seed: 1, paths: ["rate"]));

        Assert.Contains("'rate'", e.Message);
        Assert.Contains("layers, width", e.Message);
    }

    [Fact]
    public void RangesInsideConditionalBranches_AreNamedByBranch_AndStayInsideTheirRestriction()
    {
        var space = new SearchSpace().Add("head", new ConditionalOption("kind", new Dictionary<string, SearchSpace>
        {
            ["mlp"] = new SearchSpace().Add("width", new IntRangeOption(8, 512, logScale: true)),
            ["linear"] = new SearchSpace().Add("width", new IntRangeOption(1, 100)),
        }));
        var tuner = Tpe(space, seed: 4);

        var trials = TunerHarness.Run(tuner, _ => 1.0, 4);

        Assert.Equal(["head[mlp].width", "head[linear].width"], tuner.GrowingPaths);
        Assert.All(trials, t => Assert.True(t.Parameter["head"].GetValue<int>("width") <= (t.Parameter["head"].GetValue<string>("kind") == "mlp" ? 22 : 25), t.Parameter.ToJson()));
    }

    [Fact]
    public void ObservationsOutsideTheRestriction_CountAsCrowding()
    {
        var tuner = Tpe(Network(), seed: 6);
        var objective = Optimum(layers: 14, width: 700);
        for (var i = 0; i < 10; i++)
        {
            // A warm start from an earlier, unrestricted run: its best trials were big networks.
            var earlier = Parameter.FromObject(
            [
                new("layers", Parameter.FromInt(12 + (i % 3))),
                new("width", Parameter.FromInt(500 + (50 * i))),
                new("rate", Parameter.FromDouble(0.003)),
                new("act", Parameter.FromString("relu")),
            ]);
            tuner.Update(new TrialObservation(-1 - i, earlier, objective(earlier), TrialStatus.Completed, TimeSpan.Zero));
        }

        Assert.True(tuner.CurrentRange("layers").Max > 4 && tuner.CurrentRange("width").Max > 26, $"layers up to {tuner.CurrentRange("layers").Max}, width up to {tuner.CurrentRange("width").Max}");
    }

    [Fact]
    public void ExhaustedRestriction_WidensUntilTheFullFiniteSpaceIsCovered()
    {
        var space = new SearchSpace().Add("n", new IntRangeOption(0, 15)).Add("c", new ChoiceOption("a", "b"));
        var tuner = new ProgressiveTuner(space, (s, innerSeed) => new TpeTuner(s, innerSeed), seed: 1, topCount: 1000);

        var trials = TunerHarness.Run(tuner, p => p.GetValue<int>("n"), 40);

        Assert.Equal(32, trials.Count);
        Assert.Equal(32, trials.Select(t => t.Parameter).Distinct().Count());
        Assert.All(trials.Take(8), t => Assert.InRange(t.Parameter.GetValue<int>("n"), 0, 3));
        Assert.Equal(15, tuner.CurrentRange("n").Max);
    }

    [Fact]
    public void ASpaceWithNothingToGrow_GivesTheInnerTunersProposals()
    {
        var space = new SearchSpace().Add("rate", new FloatRangeOption(1e-4, 1e-1, logScale: true)).Add("pair", new IntRangeOption(1, 2));
        static double Objective(Parameter p) => Math.Abs(Math.Log10(p.GetValue<double>("rate")) + 2) + p.GetValue<int>("pair");

        var progressive = Tpe(space, seed: 9);
        var wrapped = TunerHarness.Run(progressive, Objective, 30).Select(t => t.Parameter);
        var plain = TunerHarness.Run(new TpeTuner(space, 9), Objective, 30).Select(t => t.Parameter);

        Assert.Empty(progressive.GrowingPaths);
        Assert.Equal(plain, wrapped);
    }
}
