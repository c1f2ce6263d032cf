using MlNetNas.Onnx;

namespace MlNetNas.Architectures;

/// <summary>
/// What a network reads: the shape of one example (<c>[F]</c> for a feature vector, <c>[C, H, W]</c> for an
/// image) and its element type. ML.NET hands every example over as one flat vector column (features, or the
/// planar pixels of <c>ExtractPixels</c>), so the ONNX graph declares that flat vector <c>[N, C·H·W]</c> and
/// reshapes it to the example shape inside: the deployable model feeds the same column either way. A token sequence
/// (<see cref="Tokens"/>) is a vector of <c>L</c> token ids held as floats (exact up to 2^24), cast to integers by the
/// network's embedding.
/// </summary>
public sealed record InputSpec(TensorShape Shape, OnnxElementType ElementType = OnnxElementType.Float)
{
    /// <summary>For a token sequence, the number of distinct ids (padding and unknown included); null otherwise.</summary>
    public int? Vocabulary { get; init; }

    /// <summary>For a token sequence, the values after the ids (the file's other columns, featurized); 0 when there are none.</summary>
    public int OtherFeatures { get; init; }

    /// <summary>The token ids of a sequence input (its first values).</summary>
    public int SequenceLength => Shape.Width - OtherFeatures;

    /// <summary>
    /// A sequence of <paramref name="length"/> token ids below <paramref name="vocabulary"/> (0 = padding), followed by
    /// <paramref name="otherFeatures"/> float features of the row's other columns, in one vector.
    /// </summary>
    public static InputSpec Tokens(int length, int vocabulary, int otherFeatures = 0) =>
        new(new TensorShape(length + otherFeatures)) { Vocabulary = vocabulary, OtherFeatures = otherFeatures };

    /// <summary>Whether the example is a sequence of token ids.</summary>
    public bool IsTokens => Vocabulary is not null;

    /// <summary>A vector of <paramref name="width"/> floats (tabular features).</summary>
    public static InputSpec Vector(int width) => new(new TensorShape(width));

    /// <summary>An image of <paramref name="channels"/> planes of <paramref name="height"/> × <paramref name="width"/> floats.</summary>
    public static InputSpec Image(int channels, int height, int width) => new(new TensorShape(channels, height, width));

    /// <summary>Whether the example is an image (<c>[C, H, W]</c>).</summary>
    public bool IsImage => Shape.Dimensions.Count == 3;

    /// <summary>The scalars of one example: the width of the flat ML.NET vector column.</summary>
    public int FlatWidth => Shape.ElementCount;

    /// <summary>The shape of a batch of <paramref name="rows"/> examples, <c>[rows, ...Shape]</c>.</summary>
    public long[] BatchShape(long rows) => [rows, .. Shape.Dimensions.Select(d => (long)d)];

    /// <summary>
    /// Declares the graph input <paramref name="name"/> as <c>[N, FlatWidth]</c> and returns the value that
    /// holds it in the example shape (the input itself for a vector, a Reshape of it otherwise).
    /// </summary>
    public string DeclareOnnx(OnnxGraphBuilder onnx, string name)
    {
        string input = onnx.AddInput(name, ElementType, -1, FlatWidth);
        if (Shape.Dimensions.Count == 1)
        {
            return input;
        }

        string shape = onnx.AddInitializer("input_shape", [-1L, .. Shape.Dimensions.Select(d => (long)d)], Shape.Dimensions.Count + 1);
        return onnx.AddNode("Reshape", [input, shape], outputNameHint: "input_reshaped");
    }

    /// <summary>Parses an image shape: <c>HxW</c> (one channel) or <c>CxHxW</c>, e.g. "8x8", "3x32x32".</summary>
    /// <exception cref="ArgumentException">The text is not two or three positive integers joined by 'x'.</exception>
    public static InputSpec ParseImageShape(string text)
    {
        string[] parts = text.Trim().ToLowerInvariant().Split('x', StringSplitOptions.TrimEntries);
        var dims = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int d) && d > 0 ? d : -1).ToArray();
        if (dims.Length is < 2 or > 3 || dims.Any(d => d < 0))
        {
            throw new ArgumentException($"An image shape is HxW or CxHxW with positive integers, e.g. 8x8 or 3x32x32; got '{text}'.");
        }

        return dims.Length == 2 ? Image(1, dims[0], dims[1]) : Image(dims[0], dims[1], dims[2]);
    }

    /// <inheritdoc />
    public override string ToString() => IsTokens ? $"{SequenceLength} tokens of {Vocabulary}" + (OtherFeatures > 0 ? $" + {OtherFeatures} features" : string.Empty) : IsImage ? $"{Shape.Dimensions[0]}x{Shape.Dimensions[1]}x{Shape.Dimensions[2]}" : Shape.ToString();
}
