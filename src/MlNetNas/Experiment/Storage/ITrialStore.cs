namespace MlNetNas.Experiment.Storage;

/// <summary>
/// Keeps finished trials by study, as they finish, so that they outlive the process and can warm-start a later
/// experiment (the role of Optuna's storage). A study is a named series of runs of one task kind and metric;
/// each <see cref="NasExperiment"/> run that writes to it is one run, whose trial ids start at 1 again.
/// </summary>
public interface ITrialStore
{
    /// <summary>
    /// Starts a new run of <paramref name="studyName"/>, creating the study for <paramref name="task"/>'s kind and
    /// metric if it does not exist yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The study exists with another task kind or metric; the message names both.</exception>
    StudyRun StartRun(string studyName, NasTask task);

    /// <summary>Stores one finished trial of <paramref name="run"/>; it is durable when this returns.</summary>
    void Append(StudyRun run, TrialResult trial);

    /// <summary>
    /// Every trial of <paramref name="studyName"/>, run by run in the order they started, each run's in trial order
    /// (trial ids repeat across runs). The study must hold <paramref name="task"/>'s kind and metric (the label
    /// column name is not compared), so that losses stay comparable.
    /// </summary>
    /// <exception cref="ArgumentException">The store holds no such study; the message lists the studies it holds.</exception>
    /// <exception cref="InvalidDataException">The study holds another task kind or metric; the message names both.</exception>
    IReadOnlyList<TrialResult> Load(string studyName, NasTask task);

    /// <summary>The studies in the store, by name.</summary>
    IReadOnlyList<StudyInfo> ListStudies();
}
