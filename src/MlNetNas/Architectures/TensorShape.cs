namespace MlNetNas.Architectures;

/// <summary>The shape of one example's tensor, without the batch dimension (e.g. [64] for a feature vector, [1, 8, 8] for an image).</summary>
public sealed record TensorShape
{
    /// <summary>Creates a shape from its dimensions.</summary>
    public TensorShape(params int[] dimensions)
    {
        if (dimensions.Length == 0 || dimensions.Any(d => d <= 0))
        {
            throw new ArgumentException($"A tensor shape needs at least one positive dimension; got [{string.Join(", ", dimensions)}].", nameof(dimensions));
        }

        Dimensions = dimensions.ToArray();
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The number of scalars in one example.</summary>
    public int ElementCount => Dimensions.Aggregate(1, (a, b) => a * b);

    /// <summary>The size of the last dimension (the feature width of a vector).</summary>
    public int Width => Dimensions[^1];

    /// <inheritdoc />
    public bool Equals(TensorShape? other) => other is not null && Dimensions.SequenceEqual(other.Dimensions);

    /// <inheritdoc />
    public override int GetHashCode() => Dimensions.Aggregate(17, (h, d) => (h * 31) + d);

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Dimensions)}]";
}
