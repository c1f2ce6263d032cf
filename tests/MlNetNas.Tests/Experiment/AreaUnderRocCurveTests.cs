using MlNetNas.Experiment;

namespace MlNetNas.Tests.Experiment;

public sealed class AreaUnderRocCurveTests
{
    [Fact]
    public void PerfectRanking_IsOne_ReversedIsZero()
    {
        double[] scores = [0.1, 0.2, 0.8, 0.9];
        bool[] truth = [false, false, true, true];

        Assert.Equal(1.0, AreaUnderRocCurve.Compute(scores, truth));
        Assert.Equal(0.0, AreaUnderRocCurve.Compute(scores, truth.Select(t => !t).ToArray()));
    }

    [Fact]
    public void Ties_CountHalf()
    {
        // Four positive-negative pairs: three ordered right, one tie counted as half: 3.5 / 4.
        Assert.Equal(0.875, AreaUnderRocCurve.Compute([0.5, 0.5, 0.9, 0.1], [true, false, true, false]), 10);
    }

    [Fact]
    public void MatchesPairCounting_OnRandomData()
    {
        var rng = new Random(3);
        double[] scores = Enumerable.Range(0, 200).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
        bool[] truth = scores.Select(s => rng.NextDouble() < s).ToArray();
        double pairs = 0, wins = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (truth[i] && !truth[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        Assert.Equal(wins / pairs, AreaUnderRocCurve.Compute(scores, truth), 10);
    }

    [Fact]
    public void OneClassOnly_IsNaN() => Assert.True(double.IsNaN(AreaUnderRocCurve.Compute([0.1, 0.2], [true, true])));
}
