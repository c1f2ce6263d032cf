using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// Text encoders over a sequence of token ids: <c>encoder</c> (conv, bag, transformer), <c>embedding_dim</c>,
/// <c>embedding_dropout</c>, <c>pooling</c>, the convolutions' <c>conv_layers</c>, <c>conv_channels</c>, <c>kernel</c>,
/// <c>dilation</c>, the transformer's <c>transformer_layers</c>, <c>heads</c>, <c>ffn_ratio</c>, <c>dropout</c>, and the
/// training settings (with label smoothing) in one flat space; settings of the encoders a point does not use are sampled
/// and ignored, as in ML.NET AutoML's flat spaces. The default is a one-layer convolution of 128 channels, kernel 3, with
/// max pooling over 64-wide embeddings (Kim 2014's text CNN, shrunk to a CPU budget).
/// </summary>
public sealed class TextEncoderFamily : IArchitectureFamily
{
    /// <summary>Small data sets get at least this many optimizer steps per trial: 1,300 issues in batches of 64 make 20 steps an epoch.</summary>
    public const int MinimumSteps = 800;

    private readonly int maxEpochs;

    /// <summary>Creates the family; <paramref name="maxEpochs"/> tops its epochs range.</summary>
    public TextEncoderFamily(int maxEpochs = 30) => this.maxEpochs = maxEpochs;

    /// <inheritdoc />
    public string Name => "text";

    /// <inheritdoc />
    public bool Accepts(InputSpec input) => input.IsTokens;

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(InputSpec input) => new SearchSpace()
        .Add("encoder", new ChoiceOption("conv", "bag", "transformer"))
        .Add("embedding_dim", new ChoiceOption(64, 32, 128))
        .Add("embedding_dropout", new FloatRangeOption(0, 0.3, defaultValue: 0.1))
        .Add("pooling", new ChoiceOption("max", "mean", "mean_max"))
        .Add("conv_layers", new IntRangeOption(1, 3, defaultValue: 1))
        .Add("conv_channels", new ChoiceOption(128, 64, 256))
        .Add("kernel", new ChoiceOption(3, 5, 7))
        .Add("dilation", new ChoiceOption(1, 2))
        .Add("transformer_layers", new IntRangeOption(1, 4, defaultValue: 2))
        .Add("heads", new ChoiceOption(4, 2))
        .Add("ffn_ratio", new ChoiceOption(2, 4))
        .Add("dropout", new FloatRangeOption(0, 0.5, defaultValue: 0.3))
        .Add("optimizer", new ChoiceOption("adamw", "adam"))
        .Add("learning_rate", new FloatRangeOption(3e-4, 1e-2, logScale: true, defaultValue: 2e-3))
        .Add("weight_decay", new FloatRangeOption(1e-6, 1e-2, logScale: true, defaultValue: 1e-4))
        .Add("batch_size", new ChoiceOption(64, 32, 128))
        .Add("epochs", new IntRangeOption(3, maxEpochs, logScale: true, defaultValue: Math.Min(12, maxEpochs)))
        .Add("schedule", new ChoiceOption("cosine", "warmup_cosine", "constant"))
        .Add("label_smoothing", new ChoiceOption(0.0, 0.1));

    /// <inheritdoc />
    public IArchitectureDesign ToDesign(Parameter parameter) => new TextEncoderOptions
    {
        Encoder = parameter["encoder"].AsString() switch
        {
            "bag" => TextEncoderKind.Bag,
            "transformer" => TextEncoderKind.Transformer,
            _ => TextEncoderKind.Convolution,
        },
        EmbeddingDim = parameter["embedding_dim"].AsInt(),
        EmbeddingDropout = parameter["embedding_dropout"].AsDouble(),
        Pooling = parameter["pooling"].AsString() switch
        {
            "mean" => SequencePooling.Mean,
            "mean_max" => SequencePooling.MeanMax,
            _ => SequencePooling.Max,
        },
        ConvLayers = parameter["conv_layers"].AsInt(),
        ConvChannels = parameter["conv_channels"].AsInt(),
        Kernel = parameter["kernel"].AsInt(),
        Dilation = parameter["dilation"].AsInt(),
        TransformerLayers = parameter["transformer_layers"].AsInt(),
        Heads = parameter["heads"].AsInt(),
        FeedForwardRatio = parameter["ffn_ratio"].AsInt(),
        Dropout = parameter["dropout"].AsDouble(),
    };

    /// <summary>The training settings of a point, on up to four CPU threads (convolutions and attention gain from them), with at least <see cref="MinimumSteps"/> steps.</summary>
    public TrainingOptions ToTraining(Parameter parameter, int seed, string device) =>
        TrainingSpace.ToImageTraining(parameter, seed, device) with { MinimumSteps = MinimumSteps };
}
