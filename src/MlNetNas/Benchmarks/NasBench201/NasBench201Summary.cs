namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>One tuner's result over all its runs.</summary>
/// <param name="Tuner">The tuner's name.</param>
/// <param name="Runs">How many runs (seeds).</param>
/// <param name="TestMean">Mean 200-epoch test accuracy of the selected architectures.</param>
/// <param name="TestStd">Sample standard deviation of that accuracy.</param>
/// <param name="ValidationMean">Mean 12-epoch validation accuracy of the selected architectures.</param>
public sealed record NasBench201Summary(string Tuner, int Runs, double TestMean, double TestStd, double ValidationMean);
