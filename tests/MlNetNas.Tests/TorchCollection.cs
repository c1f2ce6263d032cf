namespace MlNetNas.Tests;

/// <summary>
/// Tests that seed TorchSharp's process-wide random generator run one at a time, or a parallel test
/// would draw from the same generator and break same-seed reproducibility.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "TorchSharp";
}
