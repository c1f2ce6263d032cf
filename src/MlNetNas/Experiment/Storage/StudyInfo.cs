using MlNetNas.Trainers;

namespace MlNetNas.Experiment.Storage;

/// <summary>A study in a trial store: its name, the task kind and metric its trials were scored with, and its size.</summary>
/// <param name="Name">The study's name, unique in its store.</param>
/// <param name="Kind">The task kind of every run of the study.</param>
/// <param name="Metric">The metric of every trial of the study.</param>
/// <param name="Runs">How many runs the study has.</param>
/// <param name="Trials">How many trials its runs stored in all.</param>
public sealed record StudyInfo(string Name, NasTaskKind Kind, NasMetric Metric, int Runs, int Trials)
{
    /// <summary>Whether trials of this study may be compared with trials of <paramref name="task"/>.</summary>
    public bool Fits(NasTask task) => task.Kind == Kind && task.Metric == Metric;

    /// <summary>Why this study does not fit <paramref name="task"/>, as one sentence for an error message.</summary>
    internal string Mismatch(NasTask task, string where) =>
        $"The study '{Name}' in {where} holds {Kind} trials scored by {Metric}, but this experiment is {task.Kind} optimizing {task.Metric}; "
        + "use another study name, or run with the study's metric.";

    /// <summary>The study for a listing: "name (kind, metric, runs, trials)".</summary>
    internal string Describe() => $"{Name} ({Kind}, {Metric}, {Runs} runs, {Trials} trials)";
}
