namespace MlNetNas.Architectures.Operators;

/// <summary>Maps activations to and from their operator names in graphs and search spaces.</summary>
public static class ActivationNames
{
    /// <summary>The operator name of an activation, e.g. "leaky_relu".</summary>
    public static string Of(ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => "relu",
        ActivationKind.Gelu => "gelu",
        ActivationKind.Silu => "silu",
        ActivationKind.Tanh => "tanh",
        ActivationKind.LeakyRelu => "leaky_relu",
        ActivationKind.Relu6 => "relu6",
        ActivationKind.HardSwish => "hard_swish",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.HardSigmoid => "hard_sigmoid",
        ActivationKind.PRelu => "prelu",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };

    /// <summary>The activation with the given operator name.</summary>
    /// <exception cref="ArgumentException">The name is not an activation; the message lists those that are.</exception>
    public static ActivationKind Parse(string name) =>
        Enum.GetValues<ActivationKind>().FirstOrDefault(k => Of(k) == name, (ActivationKind)(-1)) is var k && Enum.IsDefined(k)
            ? k
            : throw new ArgumentException($"Unknown activation '{name}'; expected one of: {string.Join(", ", Enum.GetValues<ActivationKind>().Select(Of))}.", nameof(name));
}
