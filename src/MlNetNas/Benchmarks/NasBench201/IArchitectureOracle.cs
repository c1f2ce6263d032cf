namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>What a search may know about an architecture: its validation accuracy, nothing else.</summary>
public interface IArchitectureOracle
{
    /// <summary>The validation accuracy (in percent) of the architecture with string <paramref name="architecture"/>.</summary>
    /// <exception cref="KeyNotFoundException">The architecture is not in the table.</exception>
    double ValidationAccuracy(string architecture);
}
