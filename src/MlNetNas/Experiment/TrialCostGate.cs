using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// Decides, before a classic trial starts, whether it fits in the time it may use: its trainer's estimate
/// (<see cref="IFitCostEstimator"/>), corrected by how this run's earlier fits of the same trainer compared with their
/// estimates (the median ratio), against the time available. A fit that does not fit is scaled down along its size
/// parameter (fewer trees or iterations, linearly between the minimum and the proposed size); one that does not fit even at
/// the minimum is not started.
/// </summary>
internal sealed class TrialCostGate
{
    /// <summary>The share of the available time an estimate may fill: estimates are rough, and a fit cut at its limit gives nothing.</summary>
    public const double Headroom = 0.7;

    // Before a trainer has run once in this run, its prior is trusted this much less.
    private const double UnobservedFactor = 1.25;

    private readonly Dictionary<string, List<double>> ratios = [];

    /// <summary>How a trial will run: the parameter (perhaps scaled down), its estimated seconds, and what was changed, or why it does not start.</summary>
    public sealed record FitPlan(Parameter? Parameter, double? EstimatedSeconds, string? Note)
    {
        /// <summary>The correction applied to the trainer's own estimate (1 when there was none).</summary>
        public double Factor { get; init; } = 1;

        /// <summary>False when the trial does not fit even at its smallest size.</summary>
        public bool Starts => Parameter is not null;
    }

    /// <summary>The plan for fitting <paramref name="candidate"/> with <paramref name="parameter"/> on <paramref name="shape"/> within <paramref name="available"/>.</summary>
    public FitPlan Plan(ICandidateTrainer candidate, Parameter parameter, DataShape shape, TimeSpan available)
    {
        if (candidate is not IFitCostEstimator estimator)
        {
            return new FitPlan(parameter, null, null); // networks keep to their time budget themselves
        }

        double factor = Factor(candidate.Name);
        double budget = available.TotalSeconds * Headroom;
        double estimate = estimator.EstimateSeconds(parameter, shape) * factor;
        if (estimate <= budget)
        {
            return new FitPlan(parameter, estimate, null) { Factor = factor };
        }

        if (estimator.SizeParameter is { } size && parameter[size].AsInt() > estimator.MinimumSize)
        {
            int proposed = parameter[size].AsInt();
            var smallest = WithSize(parameter, size, estimator.MinimumSize);
            double atMinimum = estimator.EstimateSeconds(smallest, shape) * factor;
            if (atMinimum <= budget)
            {
                // The cost grows about linearly with the size between the two estimates.
                int scaled = estimator.MinimumSize + (int)((proposed - estimator.MinimumSize) * (budget - atMinimum) / Math.Max(1e-9, estimate - atMinimum));
                var fitted = WithSize(parameter, size, Math.Clamp(scaled, estimator.MinimumSize, proposed));
                return new FitPlan(fitted, estimator.EstimateSeconds(fitted, shape) * factor,
                    $"{size} {proposed} → {fitted[size].AsInt()}: {proposed} would take about {estimate:F0} s, {Room(available)}")
                { Factor = factor };
            }

            return new FitPlan(null, atMinimum,
                $"{TrialTimeoutException.NotStartedNote} about {estimate:F0} s ({atMinimum:F0} s even with {size} {estimator.MinimumSize}), {Room(available)}");
        }

        return new FitPlan(null, estimate, $"{TrialTimeoutException.NotStartedNote} about {estimate:F0} s, {Room(available)}");
    }

    /// <summary>Records how long a fit of <paramref name="trainer"/> planned by <paramref name="plan"/> took.</summary>
    public void Observe(string trainer, FitPlan plan, double actualSeconds)
    {
        if (plan.EstimatedSeconds is { } estimate && estimate > 0 && actualSeconds > 0)
        {
            (ratios.TryGetValue(trainer, out var list) ? list : ratios[trainer] = []).Add(actualSeconds / (estimate / plan.Factor));
        }
    }

    /// <summary>The correction of <paramref name="trainer"/>'s estimates: the median of its observed ratios, or a margin before any.</summary>
    public double Factor(string trainer)
    {
        if (!ratios.TryGetValue(trainer, out var list) || list.Count == 0)
        {
            return UnobservedFactor;
        }

        var sorted = list.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Room(TimeSpan available) => $"{available.TotalSeconds * Headroom:F0} s to fit in ({Headroom:P0} of the {available.TotalSeconds:F0} s available)";

    private static Parameter WithSize(Parameter parameter, string size, int value) =>
        Parameter.FromObject(parameter.Children.Select(c => c.Key == size ? KeyValuePair.Create(size, Parameter.FromInt(value)) : c));
}
