namespace MlNetNas.Architectures.Families;

/// <summary>
/// One text encoder of <see cref="TextEncoderFamily"/>: token embeddings, an encoder (a bag, 1-D convolutions or
/// transformer layers), pooling over the tokens with padding masked, the row's other features joined (when the input
/// has them), dropout and a linear head.
/// </summary>
public sealed record TextEncoderOptions : IArchitectureDesign
{
    /// <summary>The encoder. Default <see cref="TextEncoderKind.Convolution"/>.</summary>
    public TextEncoderKind Encoder { get; init; } = TextEncoderKind.Convolution;

    /// <summary>The width of a token's embedding. Default 64.</summary>
    public int EmbeddingDim { get; init; } = 64;

    /// <summary>Dropout on the token embeddings while training. Default 0.1.</summary>
    public double EmbeddingDropout { get; init; } = 0.1;

    /// <summary>Pooling over the tokens. Default <see cref="SequencePooling.Max"/>.</summary>
    public SequencePooling Pooling { get; init; } = SequencePooling.Max;

    /// <summary>Convolution layers (ReLU after each). Default 1.</summary>
    public int ConvLayers { get; init; } = 1;

    /// <summary>Channels of every convolution. Default 128.</summary>
    public int ConvChannels { get; init; } = 128;

    /// <summary>The (odd) kernel size. Default 3.</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>The dilation of layer i is <c>Dilation^i</c> (1: none). Default 1.</summary>
    public int Dilation { get; init; } = 1;

    /// <summary>Transformer layers. Default 2.</summary>
    public int TransformerLayers { get; init; } = 2;

    /// <summary>Attention heads (dividing <see cref="EmbeddingDim"/>). Default 4.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>The transformer's feed-forward width as a multiple of <see cref="EmbeddingDim"/>. Default 2.</summary>
    public int FeedForwardRatio { get; init; } = 2;

    /// <summary>The hidden layer of the row's other features, when the input has them. Default 64.</summary>
    public int OtherFeaturesWidth { get; init; } = 64;

    /// <summary>Dropout before the head (and inside transformer layers). Default 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <inheritdoc />
    public ArchitectureGraph Build(InputSpec input, int outputs)
    {
        int vocabulary = input.Vocabulary ?? throw new ArgumentException($"A text encoder reads a sequence of token ids; the input is {input}.", nameof(input));
        var nodes = new GraphNodes();

        // With other columns the input is [ids..., features...]: the encoder reads the ids, the head both.
        string ids = input.OtherFeatures > 0
            ? nodes.Add("tokens", "slice", ArchitectureGraph.InputId, ("start", 0), ("length", input.SequenceLength))
            : ArchitectureGraph.InputId;
        string x = nodes.Add("embedding", "embedding", ids,
            ("vocabulary", vocabulary), ("dim", EmbeddingDim), ("positions", Encoder == TextEncoderKind.Transformer ? 1 : 0));
        if (EmbeddingDropout > 0)
        {
            x = nodes.Add("embedding_dropout", "dropout", x, ("p", EmbeddingDropout));
        }

        switch (Encoder)
        {
            case TextEncoderKind.Convolution:
                for (int i = 0; i < ConvLayers; i++)
                {
                    x = nodes.Add($"conv{i}", "conv1d", x, ("channels", ConvChannels), ("kernel", Kernel), ("dilation", Math.Pow(Dilation, i)));
                    x = nodes.Add($"conv{i}_relu", "relu", x);
                }

                break;
            case TextEncoderKind.Transformer:
                for (int i = 0; i < TransformerLayers; i++)
                {
                    x = nodes.Add($"transformer{i}", "transformer_layer", [x, ids], ("heads", Heads), ("ffn", FeedForwardRatio * EmbeddingDim), ("p", Dropout / 3));
                }

                x = nodes.Add("final_norm", "layer_norm", x);
                break;
        }

        x = nodes.Add("pool", "sequence_pool", [x, ids], ("mode", (int)Pooling));
        if (input.OtherFeatures > 0)
        {
            // The features get a hidden layer of their own, as wide as the encoding: one weight each among a hundred text
            // features learned too slowly, and the text's noise stopped the training first.
            string features = nodes.Add("features", "slice", ArchitectureGraph.InputId, ("start", input.SequenceLength), ("length", input.OtherFeatures));
            features = nodes.Add("features_hidden", "linear", features, ("units", OtherFeaturesWidth));
            features = nodes.Add("features_relu", "relu", features);
            x = nodes.Add("joined", "concat", [x, features]);
        }

        if (Dropout > 0)
        {
            x = nodes.Add("dropout", "dropout", x, ("p", Dropout));
        }

        string output = nodes.Add("head", "linear", x, ("units", outputs));
        return nodes.ToGraph(input, output);
    }

    /// <summary>A short text for leaderboards, e.g. "conv1d 1x128 k3, max pool, embedding 64".</summary>
    public string Describe()
    {
        string encoder = Encoder switch
        {
            TextEncoderKind.Bag => "bag of embeddings",
            TextEncoderKind.Convolution => $"conv1d {ConvLayers}x{ConvChannels} k{Kernel}" + (Dilation > 1 && ConvLayers > 1 ? $" dilation {Dilation}" : string.Empty),
            _ => $"transformer {TransformerLayers}x{Heads} heads",
        };
        string pooling = Pooling switch
        {
            SequencePooling.Mean => "mean",
            SequencePooling.Max => "max",
            _ => "mean+max",
        };
        return $"{encoder}, {pooling} pool, embedding {EmbeddingDim}";
    }
}
