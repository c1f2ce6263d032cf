namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>
/// A trainer with known-good configurations that run right after every trainer's default and before its tuner's own
/// proposals, as FLAML and AutoGluon start from small portfolios of configurations that did well on many data sets: the
/// strongest cheap members come first, whatever the tuner would try.
/// </summary>
public interface IStartingPoints
{
    /// <summary>
    /// Points of this trainer's space for <paramref name="task"/>, each given by the settings that differ from the
    /// space's default (the others keep it); points that do not fit the space are skipped.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, Parameter>> StartingPoints(NasTask task);
}
