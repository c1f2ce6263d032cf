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
        new ActivationOperator(ActivationKind.Relu6),
        new ActivationOperator(ActivationKind.HardSwish),
        new ActivationOperator(ActivationKind.Sigmoid),
        new ActivationOperator(ActivationKind.HardSigmoid),
        new AddOperator(),
        new Conv2dOperator(),
        new PoolOperator(max: false),
        new PoolOperator(max: true),
        new GlobalAveragePoolOperator(),
        new FlattenOperator(),
        new ZeroOperator(),
        new SqueezeExciteOperator(),
        new MixedEdgeOperator(),
        new EmbeddingOperator(),
        new Conv1dOperator(),
        new SequencePoolOperator(),
        new TransformerLayerOperator(),
        new SliceOperator(),
        new ConcatOperator(),
        new PeriodicEmbeddingOperator(),
        new SmoothClipOperator(),
        new EnsembleForkOperator(),
        new EnsembleHeadOperator(),
        new PReluOperator(),
        new InputScaleOperator(),
        new PiecewiseLinearEmbeddingOperator(),
        new RobustScaleOperator(),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The names of all operators.</summary>
    public static IReadOnlyCollection<string> Names => Definitions.Keys.ToArray();

    internal static OperatorDefinition Get(string name) => Definitions.TryGetValue(name, out var definition)
        ? definition
        : throw new ArgumentException($"Unknown operator '{name}'; known operators: {string.Join(", ", Definitions.Keys)}.");
}
