namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>
/// A candidate whose fit runs to its end once started (no epochs to stop between), so the experiment must decide before it
/// starts whether it fits in the time left. The estimate is a prior measured on a 2-core machine; the experiment corrects
/// it by how long this trainer's earlier trials of the run took against their estimates.
/// </summary>
public interface IFitCostEstimator
{
    /// <summary>The parameter that sizes the fit (trees, boosting iterations), which can be scaled down to fit; null if none.</summary>
    string? SizeParameter { get; }

    /// <summary>The smallest value of <see cref="SizeParameter"/> worth running.</summary>
    int MinimumSize { get; }

    /// <summary>The expected seconds of one fit of <paramref name="parameter"/> on data of <paramref name="shape"/>.</summary>
    double EstimateSeconds(Parameter parameter, DataShape shape);
}
