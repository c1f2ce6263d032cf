namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;

/// <summary>Runs a tuner against an objective in the experiment's ask/tell order, and the test objectives shared by tuner tests.</summary>
internal static class TunerHarness
{
    /// <summary>Proposes and observes up to <paramref name="trials"/> trials; returns the proposals and their losses in order.</summary>
    public static List<(Parameter Parameter, double Loss)> Run(ITuner tuner, Func<Parameter, double> objective, int trials)
    {
        var result = new List<(Parameter, double)>();
        for (var id = 0; id < trials; id++)
        {
            var parameter = tuner.Propose(id);
            if (parameter is null)
            {
                break;
            }

            var loss = objective(parameter);
            tuner.Update(new TrialObservation(id, parameter, loss, TrialStatus.Completed, TimeSpan.Zero));
            result.Add((parameter, loss));
        }

        return result;
    }

    /// <summary>Eight choices of six values each.</summary>
    public static SearchSpace DiscreteSpace()
    {
        var space = new SearchSpace();
        for (var d = 0; d < 8; d++)
        {
            space.Add($"x{d}", new ChoiceOption(0, 1, 2, 3, 4, 5));
        }

        return space;
    }

    /// <summary>
    /// A rugged function of <see cref="DiscreteSpace"/>: a random cost table per choice plus interactions between
    /// neighbouring choices, fixed by <paramref name="tableSeed"/> so that every tuner sees the same landscape.
    /// </summary>
    public static Func<Parameter, double> DiscreteObjective(int tableSeed)
    {
        var random = new Random(tableSeed);
        var unary = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 6).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var pair = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 36).Select(_ => 0.5 * random.NextDouble()).ToArray()).ToArray();
        return p =>
        {
            var x = Enumerable.Range(0, 8).Select(d => p.GetValue<int>($"x{d}")).ToArray();
            var loss = 0.0;
            for (var d = 0; d < 8; d++)
            {
                loss += unary[d][x[d]];
                if (d < 7)
                {
                    loss += pair[d][(x[d] * 6) + x[d + 1]];
                }
            }

            return loss;
        };
    }

    /// <summary>The mean, over <paramref name="seeds"/> seeds, of the best loss a tuner reaches in <paramref name="trials"/> trials.</summary>
    public static double MeanBestLoss(string tunerName, SearchSpace space, Func<Parameter, double> objective, int trials, int seeds) =>
        Enumerable.Range(1, seeds).Average(seed => Run(TunerFactory.Create(tunerName, space, seed), objective, trials).Min(r => r.Loss));
}
