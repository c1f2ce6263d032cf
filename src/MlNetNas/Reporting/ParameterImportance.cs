using MlNetNas.Experiment;
using MlNetNas.SearchSpace;

namespace MlNetNas.Reporting;

/// <summary>
/// How much of the spread of the validation metric each parameter explains on its own: ε², the correlation ratio η²
/// (between-group over total sum of squares of the metric) less what as many groups of pure noise would explain,
/// grouping trials by a parameter's value (numbers in up to four quantile bins). A rough, model-free reading of a
/// search, like the first-order terms of fANOVA; it needs several trials per group, so it is computed only with at
/// least <see cref="MinimumTrials"/> completed trials.
/// </summary>
public static class ParameterImportance
{
    /// <summary>The fewest completed trials for which importance is computed.</summary>
    public const int MinimumTrials = 6;

    /// <summary>
    /// The choice of trainer across all completed trials, then each parameter of <paramref name="trainer"/>'s trials
    /// (its own parameters and the shared preprocessing), most important first.
    /// </summary>
    public static IReadOnlyList<ParameterEffect> Compute(IReadOnlyList<TrialResult> trials, string trainer)
    {
        var completed = trials.Where(t => t.Metric is { } m && double.IsFinite(m) && t.Status is Search.TrialStatus.Completed or Search.TrialStatus.Pruned
            && t.Parameter.ContainsKey(NasExperiment.TrainerKey)).ToArray();
        var effects = new List<ParameterEffect>();
        if (completed.Length >= MinimumTrials && completed.Select(t => t.Trainer).Distinct().Count() > 1)
        {
            effects.Add(new ParameterEffect("trainer", "all", EtaSquared(completed.Select(t => (Group: t.Trainer, t.Metric!.Value)).ToArray()), completed.Length));
        }

        var own = completed.Where(t => t.Trainer == trainer).ToArray();
        if (own.Length >= MinimumTrials)
        {
            var leaves = own.Select(t => Flatten(t.Parameter).ToDictionary(l => l.Path, l => l.Value)).ToArray();
            foreach (string path in leaves.SelectMany(l => l.Keys).Distinct().Where(p => p != $"{NasExperiment.TrainerKey}.{NasExperiment.TrainerKey}"))
            {
                var rows = own.Select((t, i) => (Value: leaves[i].GetValueOrDefault(path), Metric: t.Metric!.Value)).ToArray();
                var groups = Groups(rows.Select(r => r.Value).ToArray());
                if (groups.Distinct().Count() > 1)
                {
                    effects.Add(new ParameterEffect(Shorten(path), trainer, EtaSquared(groups.Zip(rows, (g, r) => (g, r.Metric)).ToArray()), own.Length));
                }
            }
        }

        return effects.OrderByDescending(e => e.Importance).ToArray();
    }

    private static double EtaSquared(IReadOnlyList<(string Group, double Metric)> rows)
    {
        double mean = rows.Average(r => r.Metric);
        double total = rows.Sum(r => (r.Metric - mean) * (r.Metric - mean));
        if (total <= 0)
        {
            return 0;
        }

        var groups = rows.GroupBy(r => r.Group).ToArray();
        double between = groups.Sum(g => g.Count() * Math.Pow(g.Average(r => r.Metric) - mean, 2));
        // Epsilon squared: k groups of noise explain about (k - 1) within-group mean squares by chance.
        int degrees = rows.Count - groups.Length;
        double withinMeanSquare = degrees > 0 ? (total - between) / degrees : 0;
        return Math.Max(0, (between - ((groups.Length - 1) * withinMeanSquare)) / total);
    }

    /// <summary>Each trial's group for one parameter: its text for choices, its quantile bin for numbers; "(absent)" where a conditional parameter is not set.</summary>
    private static string[] Groups(Parameter?[] values)
    {
        bool numeric = values.All(v => v is null || v.Kind is ParameterKind.Integer or ParameterKind.Double);
        if (!numeric)
        {
            return values.Select(v => v?.ToJson() ?? "(absent)").ToArray();
        }

        var present = values.Where(v => v is not null).Select(v => v!.AsDouble()).OrderBy(v => v).ToArray();
        if (present.Distinct().Count() <= 4)
        {
            return values.Select(v => v?.ToJson() ?? "(absent)").ToArray();
        }

        // Bins of equal counts, at most four and at least three trials each.
        int bins = Math.Clamp(present.Length / 3, 2, 4);
        var edges = Enumerable.Range(1, bins - 1).Select(b => present[b * present.Length / bins]).ToArray();
        return values.Select(v => v is null ? "(absent)" : "bin " + edges.Count(e => v.AsDouble() >= e)).ToArray();
    }

    private static IEnumerable<(string Path, Parameter Value)> Flatten(Parameter parameter, string prefix = "")
    {
        foreach (var (key, child) in parameter.Children)
        {
            string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (child.IsObject)
            {
                foreach (var leaf in Flatten(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, child);
            }
        }
    }

    /// <summary>"trainer.learning_rate" reads "learning_rate"; preprocessing keeps its prefix.</summary>
    private static string Shorten(string path) =>
        path.StartsWith(NasExperiment.TrainerKey + ".", StringComparison.Ordinal) ? path[(NasExperiment.TrainerKey.Length + 1)..] : path;
}

/// <summary>The share of the metric's variance that one parameter explains alone, over <see cref="Trials"/> trials of <see cref="Scope"/>.</summary>
public sealed record ParameterEffect(string Parameter, string Scope, double Importance, int Trials);
