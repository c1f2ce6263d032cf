namespace MlNetNas.Experiment.Storage;

/// <summary>One run of a study in a trial store: the handle <see cref="ITrialStore.Append"/> writes trials under.</summary>
/// <param name="StudyName">The study the run belongs to.</param>
/// <param name="RunId">The run's id in the store, unique across all its studies; later runs have larger ids.</param>
public sealed record StudyRun(string StudyName, long RunId);
