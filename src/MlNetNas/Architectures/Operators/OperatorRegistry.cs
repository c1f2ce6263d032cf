namespace MlNetNas.Architectures.Operators;

/// <summary>The operators architecture graphs may use, by name.</summary>
public static class OperatorRegistry
{
    private static readonly IReadOnlyDictionary<string, OperatorDefinition> Definitions = new OperatorDefinition[]
    {
        new LinearOperator(),
        new ActivationOperator(ActivationKind.Relu),
        new ActivationOperator(ActivationKind.Gelu),
        new ActivationOperator(ActivationKind.Silu),
        new ActivationOperator(ActivationKind.Tanh),
        new ActivationOperator(ActivationKind.LeakyRelu),
        new DropoutOperator(),
        new BatchNormOperator(),
        new LayerNormOperator(),
        new AddOperator(),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The names of all operators.</summary>
    public static IReadOnlyCollection<string> Names => Definitions.Keys.ToArray();

    internal static OperatorDefinition Get(string name) => Definitions.TryGetValue(name, out var definition)
        ? definition
        : throw new ArgumentException($"Unknown operator '{name}'; known operators: {string.Join(", ", Definitions.Keys)}.");
}
