namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

public sealed class TpeTunerTests
{
    private static SearchSpace Square() => new SearchSpace().Add("x", new FloatRangeOption(0, 1)).Add("y", new FloatRangeOption(0, 1));

    private static double Distance(Parameter p) => Math.Sqrt(Math.Pow(p.GetValue<double>("x") - 0.3, 2) + Math.Pow(p.GetValue<double>("y") - 0.7, 2));

    [Fact]
    public void Proposals_ConcentrateNearTheOptimumOfAQuadratic()
    {
        static double Quadratic(Parameter p) => Math.Pow(Distance(p), 2);

        var tpe = TunerHarness.Run(new TpeTuner(Square(), seed: 11), Quadratic, 80);
        var random = TunerHarness.Run(new RandomTuner(Square(), seed: 11), Quadratic, 80);

        var tpeLate = tpe.Skip(50).Average(t => Distance(t.Parameter));
        var randomLate = random.Skip(50).Average(t => Distance(t.Parameter));
        Assert.True(tpeLate < 0.15 && tpeLate < randomLate / 2, $"TPE's last 30 proposals lie {tpeLate:F3} from the optimum on average; random's {randomLate:F3}");
    }

    [Fact]
    public void Proposals_ConcentrateOnTheBetterBranch_OfAConditionalSpace()
    {
        var space = new SearchSpace().Add("model", new ConditionalOption("kind", new Dictionary<string, SearchSpace>
        {
            ["good"] = new SearchSpace().Add("x", new FloatRangeOption(0.001, 1, logScale: true)),
            ["bad"] = new SearchSpace().Add("y", new IntRangeOption(1, 100)).Add("z", new ChoiceOption("p", "q")),
        }));
        static double Objective(Parameter p)
        {
            var model = p["model"];
            return model.GetValue<string>("kind") == "good" ? Math.Abs(Math.Log10(model.GetValue<double>("x")) + 2) : 1 + (model.GetValue<int>("y") / 100.0);
        }

        var trials = TunerHarness.Run(new TpeTuner(space, seed: 4), Objective, 60);

        var late = trials.Skip(40).Select(t => t.Parameter["model"]).ToList();
        Assert.True(late.Count(m => m.GetValue<string>("kind") == "good") >= 16, "TPE should mostly propose the better branch late in the search");
        Assert.True(trials.Min(t => t.Loss) < 0.1, $"best loss {trials.Min(t => t.Loss):F3}: x should approach 0.01");
    }
}
