namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>A trainer that competes in an experiment: its own hyper-parameter space and how to fit one point of it.</summary>
public interface ICandidateTrainer
{
    /// <summary>The name used in leaderboards, trials.csv and <c>--trainers</c> ("nas", "lightgbm", ...).</summary>
    string Name { get; }

    /// <summary>The hyper-parameters of this trainer for a task; its default is a strong first trial.</summary>
    SearchSpace CreateSearchSpace(NasTask task);

    /// <summary>Fits the trainer with <paramref name="parameter"/> (a point of its space) on the context's training data.</summary>
    CandidateModel Fit(CandidateContext context, Parameter parameter);
}
