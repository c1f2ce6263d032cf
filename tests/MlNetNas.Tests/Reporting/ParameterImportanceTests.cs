using MlNetNas.Experiment;
using MlNetNas.Reporting;
using MlNetNas.Search;
using MlNetNas.SearchSpace;

namespace MlNetNas.Tests.Reporting;

public sealed class ParameterImportanceTests
{
    [Fact]
    public void AParameterThatDecidesTheMetric_RanksAboveOneThatIsNoise()
    {
        var random = new Random(7);
        var trials = Enumerable.Range(1, 40).Select(i =>
        {
            double learningRate = Math.Pow(10, -4 + (3 * random.NextDouble()));
            string optimizer = random.Next(2) == 0 ? "adam" : "sgd";
            // The metric follows the learning rate (plus a little noise); the optimizer plays no part.
            double metric = 0.5 + (0.1 * Math.Log10(learningRate)) + (0.005 * random.NextDouble());
            return Trial(i, "nas", metric, ("learning_rate", Parameter.FromDouble(learningRate)), ("optimizer", Parameter.FromString(optimizer)));
        }).ToArray();

        var effects = ParameterImportance.Compute(trials, "nas");

        Assert.Equal("learning_rate", effects[0].Parameter);
        Assert.True(effects[0].Importance > 0.8, $"learning_rate explains {effects[0].Importance:F3}");
        var noise = Assert.Single(effects, e => e.Parameter == "optimizer");
        Assert.True(noise.Importance < 0.1, $"optimizer (noise) explains {noise.Importance:F3}");
    }

    [Fact]
    public void TheTrainerChoice_IsMeasuredAcrossAllTrials()
    {
        var trials = Enumerable.Range(1, 12).Select(i => Trial(i, i % 2 == 0 ? "nas" : "lightgbm", i % 2 == 0 ? 0.9 + (i * 0.001) : 0.7 + (i * 0.001))).ToArray();

        var trainer = Assert.Single(ParameterImportance.Compute(trials, "nas"), e => e.Parameter == "trainer");

        Assert.Equal("all", trainer.Scope);
        Assert.Equal(12, trainer.Trials);
        Assert.True(trainer.Importance > 0.95, $"the trainer explains {trainer.Importance:F3}");
    }

    [Fact]
    public void TooFewTrials_GiveNoImportance()
    {
        var trials = Enumerable.Range(1, ParameterImportance.MinimumTrials - 1)
            .Select(i => Trial(i, "nas", i, ("layers", Parameter.FromInt(i)))).ToArray();

        Assert.Empty(ParameterImportance.Compute(trials, "nas"));
    }

    private static TrialResult Trial(int id, string trainer, double metric, params (string Key, Parameter Value)[] values)
    {
        var own = new List<KeyValuePair<string, Parameter>> { KeyValuePair.Create("trainer", Parameter.FromString(trainer)) };
        own.AddRange(values.Select(v => KeyValuePair.Create(v.Key, v.Value)));
        var parameter = Parameter.FromObject([KeyValuePair.Create("trainer", Parameter.FromObject(own))]);
        return new TrialResult(id, trainer, parameter, TrialStatus.Completed, metric, TimeSpan.FromSeconds(1));
    }
}
