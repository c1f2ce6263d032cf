namespace MlNetNas.Architectures.Families;

/// <summary>
/// One architecture of a family, before the data is known (e.g. <see cref="MlpOptions"/>, <see cref="CellOptions"/>):
/// it becomes a graph once the input and the number of outputs are.
/// </summary>
public interface IArchitectureDesign
{
    /// <summary>The graph from <paramref name="input"/> to <paramref name="outputs"/> values (logits or regression values).</summary>
    ArchitectureGraph Build(InputSpec input, int outputs);
}
