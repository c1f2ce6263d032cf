namespace MlNetNas.Architectures.Families;

/// <summary>The nodes of one NAS-Bench-201 edge operation, shared by ordinary cells and the supernet's candidates.</summary>
internal static class CellOperations
{
    /// <summary>
    /// Appends the nodes of <paramref name="operation"/> (one of <see cref="CellArchitecture.Operations"/>) applied to
    /// <paramref name="source"/> under ids starting <paramref name="id"/>; returns the value's id, the source itself for
    /// skip_connect, or null for none (an edge that adds nothing).
    /// </summary>
    public static string? Append(GraphNodes g, string id, string source, string operation, int channels) => operation switch
    {
        "none" => null,
        "skip_connect" => source,
        "nor_conv_1x1" => ReluConvBn(g, id, source, channels, kernel: 1, stride: 1),
        "nor_conv_3x3" => ReluConvBn(g, id, source, channels, kernel: 3, stride: 1),
        "avg_pool_3x3" => g.Add($"{id}_pool", "avg_pool", source, ("kernel", 3)),
        _ => throw new ArgumentException($"Unknown cell operation '{operation}'; expected one of: {string.Join(", ", CellArchitecture.Operations)}.", nameof(operation)),
    };

    /// <summary>ReLU, convolution (same padding), batch normalization.</summary>
    public static string ReluConvBn(GraphNodes g, string id, string input, int channels, int kernel, int stride)
    {
        string x = g.Add($"{id}_relu", "relu", input);
        x = g.Add($"{id}_conv", "conv2d", x, ("channels", channels), ("kernel", kernel), ("stride", stride));
        return g.Add($"{id}_bn", "batch_norm", x);
    }
}
