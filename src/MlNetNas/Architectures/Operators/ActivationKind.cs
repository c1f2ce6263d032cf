namespace MlNetNas.Architectures.Operators;

/// <summary>The element-wise activations the architecture families choose from.</summary>
public enum ActivationKind
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>Gaussian error linear unit (exact, erf-based).</summary>
    Gelu,

    /// <summary>x · sigmoid(x), also called swish.</summary>
    Silu,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>x for x ≥ 0, slope · x otherwise.</summary>
    LeakyRelu,

    /// <summary>min(max(0, x), 6).</summary>
    Relu6,

    /// <summary>x · relu6(x + 3) / 6 (MobileNetV3).</summary>
    HardSwish,

    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,

    /// <summary>relu6(x + 3) / 6.</summary>
    HardSigmoid,

    /// <summary>max(0, x) + a · min(0, x) with a trainable slope a per unit, initialised to 0.25 (He et al. 2015).</summary>
    PRelu,
}
