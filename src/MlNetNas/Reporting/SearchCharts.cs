using System.Globalization;
using MlNetNas.Experiment;
using MlNetNas.Reporting.Charts;

namespace MlNetNas.Reporting;

/// <summary>The charts of the search itself: progress over time, every trial by trainer, the cost front, learning curves, parameter importance.</summary>
internal static class SearchCharts
{
    /// <summary>The most learning curves drawn: those of the best networks.</summary>
    public const int LearningCurveCount = 5;

    /// <summary>Trials with a finite metric, in the order they finished.</summary>
    public static TrialResult[] Scored(ExperimentReport report) =>
        report.Trials.Where(t => t.Metric is { } m && double.IsFinite(m)).ToArray();

    /// <summary>When each trial ended, in seconds from the start: the recorded time, or the sum of the durations so far when none was recorded.</summary>
    public static Dictionary<int, double> FinishTimes(ExperimentReport report)
    {
        var times = new Dictionary<int, double>();
        double sum = 0;
        foreach (var t in report.Trials)
        {
            sum += t.Duration.TotalSeconds;
            times[t.TrialId] = t.FinishedAt?.TotalSeconds ?? sum;
        }

        return times;
    }

    public static string? BestSoFar(ExperimentReport report, ChartPalette palette)
    {
        var scored = Scored(report);
        if (scored.Length == 0)
        {
            return null;
        }

        var times = FinishTimes(report);
        var steps = new List<(double X, double Y)>();
        var tips = new List<string>();
        double? best = null;
        foreach (var t in scored.OrderBy(t => times[t.TrialId]))
        {
            if (best is null || report.Task.ToLoss(t.Metric!.Value) < report.Task.ToLoss(best.Value))
            {
                best = t.Metric!.Value;
                steps.Add((times[t.TrialId], best.Value));
                tips.Add(Tip(t, report.Task));
            }
        }

        double end = report.Elapsed?.TotalSeconds ?? times.Values.Max();
        var line = steps.Append((Math.Max(end, steps[^1].X), steps[^1].Y)).ToArray();
        return new XyChart("best-so-far", $"Best validation {MetricName(report.Task)} so far", "seconds since the start", MetricName(report.Task))
            .Line("best so far", line, "#4e79a7", step: true)
            .Scatter("new best", steps, "#e15759", tips)
            .ToSvg();
    }

    public static string? TrialsByTrainer(ExperimentReport report, ChartPalette palette)
    {
        var scored = Scored(report);
        if (scored.Length == 0)
        {
            return null;
        }

        var chart = new XyChart("trials", $"Validation {MetricName(report.Task)} of every trial, by trainer", "trial", MetricName(report.Task));
        foreach (var group in scored.GroupBy(t => t.Trainer))
        {
            var trials = group.ToArray();
            chart.Scatter(group.Key, trials.Select(t => ((double)t.TrialId, t.Metric!.Value)).ToArray(), palette[group.Key], trials.Select(t => Tip(t, report.Task)).ToArray());
        }

        return chart.ToSvg();
    }

    /// <summary>Metric against trial time, the trials no other beats on both joined: what more time bought.</summary>
    public static string? CostFront(ExperimentReport report, ChartPalette palette)
    {
        var scored = Scored(report);
        if (scored.Length == 0)
        {
            return null;
        }

        var front = new List<TrialResult>();
        foreach (var t in scored.OrderBy(t => t.Duration).ThenBy(t => report.Task.ToLoss(t.Metric!.Value)))
        {
            if (front.Count == 0 || report.Task.ToLoss(t.Metric!.Value) < report.Task.ToLoss(front[^1].Metric!.Value))
            {
                front.Add(t);
            }
        }

        var chart = new XyChart("pareto", $"Pareto front: validation {MetricName(report.Task)} against trial time", "trial seconds", MetricName(report.Task));
        chart.Line("Pareto front", front.Select(t => (t.Duration.TotalSeconds, t.Metric!.Value)).ToArray(), "#bab0ac");
        foreach (var group in scored.GroupBy(t => t.Trainer))
        {
            var trials = group.ToArray();
            chart.Scatter(group.Key, trials.Select(t => (t.Duration.TotalSeconds, t.Metric!.Value)).ToArray(), palette[group.Key], trials.Select(t => Tip(t, report.Task)).ToArray());
        }

        return chart.ToSvg();
    }

    public static string? LearningCurves(ExperimentReport report, ChartPalette palette)
    {
        var top = Scored(report).Where(t => t.LearningCurve is { ValidationLoss.Count: >= 2 })
            .OrderBy(t => report.Task.ToLoss(t.Metric!.Value)).Take(LearningCurveCount).ToArray();
        if (top.Length == 0)
        {
            return null;
        }

        var chart = new XyChart("learning-curves", $"Learning curves of the {top.Length} best networks", "epoch", "validation loss");
        var colors = new ChartPalette();
        foreach (var t in top)
        {
            var points = t.LearningCurve!.ValidationLoss.Select((loss, i) => (i + 1.0, loss)).ToArray();
            string label = $"trial {t.TrialId} ({t.Trainer})";
            chart.Line(label, points, colors[label]);
        }

        return chart.ToSvg();
    }

    public static string? Importance(ExperimentReport report, ChartPalette palette)
    {
        if (report.Winner is not { } winner)
        {
            return null;
        }

        // Parameters that explain no more than chance are left out: a row of zero-length bars says nothing.
        var effects = ParameterImportance.Compute(report.Trials, winner.Trainer).Where(e => e.Importance > 0.001).Take(15).ToArray();
        if (effects.Length == 0)
        {
            return null;
        }

        var chart = new BarChart("parameter-importance", $"Parameter importance: share of the metric's variance each explains alone (ε²)", "ε² (0: no more than chance, 1: all)");
        foreach (var e in effects)
        {
            string label = e.Scope == "all" ? "trainer (all trials)" : $"{e.Scope}: {e.Parameter}";
            chart.Bar(label, e.Importance, e.Scope == "all" ? "#76b7b2" : palette[e.Scope], $"{label}: ε² = {e.Importance:F3} over {e.Trials} trials");
        }

        return chart.ToSvg();
    }

    /// <summary>The most important input columns of the winner (permutation importance), with the spread of the shuffles in each bar's tooltip.</summary>
    public static string? FeatureImportance(ExperimentReport report)
    {
        if (report.FeatureImportance is not { Columns.Count: > 0 } importance)
        {
            return null;
        }

        string metric = MetricName(report.Task with { Metric = importance.Metric });
        var chart = new BarChart("feature-importance", $"Feature importance: drop of {metric} when a column is shuffled ({importance.Permutations} shuffles, {importance.Rows} rows)", $"drop of {metric}");
        foreach (var c in importance.Columns.Take(20))
        {
            chart.Bar(c.Column, c.Drop, c.Drop >= 0 ? "#59a14f" : "#bab0ac", string.Create(CultureInfo.InvariantCulture, $"{c.Column}: {c.Drop:F4} ± {c.StandardDeviation:F4}"));
        }

        return chart.ToSvg();
    }

    public static string MetricName(NasTask task) => task.Metric switch
    {
        NasMetric.Accuracy => "accuracy",
        NasMetric.MacroAccuracy => "macro accuracy",
        NasMetric.LogLoss => "log loss",
        NasMetric.AreaUnderRocCurve => "AUC",
        NasMetric.RSquared => "R²",
        NasMetric.RootMeanSquaredError => "RMSE",
        _ => "MAE",
    };

    public static string Tip(TrialResult t, NasTask task) => string.Create(CultureInfo.InvariantCulture,
        $"trial {t.TrialId} {t.Trainer}: {MetricName(task)} {t.Metric:F4}, {t.Duration.TotalSeconds:F1} s{(t.Architecture is null ? string.Empty : ", " + t.Architecture)}");
}
