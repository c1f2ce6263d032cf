using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// A family of networks that a search explores (MLP, convolutional cells, mobile blocks, ...): its search space of
/// architecture and training settings for an input, and the design and training settings of each point of it.
/// </summary>
public interface IArchitectureFamily
{
    /// <summary>The family's name in leaderboards and trials.csv ("mlp", "cell", "mobile").</summary>
    string Name { get; }

    /// <summary>Whether the family can read <paramref name="input"/> (convolutional families need images).</summary>
    bool Accepts(InputSpec input);

    /// <summary>The architecture and training settings in one space; its default is a strong first trial.</summary>
    SearchSpace CreateSearchSpace(InputSpec input);

    /// <summary>The architecture a point of the space describes.</summary>
    IArchitectureDesign ToDesign(Parameter parameter);

    /// <summary>The training settings a point of the space describes.</summary>
    TrainingOptions ToTraining(Parameter parameter, int seed, string device);
}
