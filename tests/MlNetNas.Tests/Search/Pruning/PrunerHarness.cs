namespace MlNetNas.Tests.Search.Pruning;

using MlNetNas.Search.Pruning;

/// <summary>Runs synthetic learning curves through a pruner the way the experiment does.</summary>
internal static class PrunerHarness
{
    /// <summary>A decaying validation-loss curve: floor + (start − floor)·exp(−epoch / 5).</summary>
    public static double[] Curve(double floor, double start = 2.5, int epochs = 30) =>
        Enumerable.Range(1, epochs).Select(e => floor + ((start - floor) * Math.Exp(-e / 5.0))).ToArray();

    /// <summary>Reports the curve epoch by epoch; returns the epoch at which the trial was pruned, or null after completing it.</summary>
    public static int? Run(IPruner pruner, int trialId, IReadOnlyList<double> curve)
    {
        for (var e = 1; e <= curve.Count; e++)
        {
            if (pruner.ShouldPrune(trialId, e, curve[e - 1]))
            {
                return e;
            }
        }

        pruner.Complete(trialId, curve);
        return null;
    }
}
