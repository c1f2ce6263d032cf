using MlNetNas.Architectures.Operators;
using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// The mobile space for images: three stages of inverted-residual blocks whose depth (1–3), width, kernel (3/5/7),
/// expansion (1/3/6), squeeze-and-excitation and activation (ReLU / hard-swish) are searched per stage
/// (<c>stage{s}_depth</c>, <c>stage{s}_width</c>, …), with the stem and the training settings, in one space.
/// </summary>
public sealed class MobileFamily : IArchitectureFamily
{
    private static readonly int[][] Widths = [[16, 24, 32], [32, 48, 64], [64, 96, 128]];
    private readonly int maxEpochs;
    private readonly bool flip;

    /// <summary>Creates the family.</summary>
    /// <param name="maxEpochs">The top of the epochs range.</param>
    /// <param name="allowFlip">Whether horizontal flips are an augmentation choice.</param>
    public MobileFamily(int maxEpochs = 40, bool allowFlip = false)
    {
        this.maxEpochs = maxEpochs;
        flip = allowFlip;
    }

    /// <inheritdoc />
    public string Name => "mobile";

    /// <inheritdoc />
    public bool Accepts(InputSpec input) => input.IsImage;

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(InputSpec input)
    {
        var start = new MobileOptions();
        var space = TrainingSpace.AddStemStride(new SearchSpace().Add("stem_channels", new ChoiceOption(16, 8, 24, 32)), input);
        for (int s = 0; s < Widths.Length; s++)
        {
            var stage = start.Stages[s];
            space.Add($"stage{s}_depth", new IntRangeOption(1, 3, defaultValue: stage.Depth))
                .Add($"stage{s}_width", new ChoiceOption([.. Widths[s].Select(w => (object)w)]))
                .Add($"stage{s}_kernel", new ChoiceOption(3, 5, 7))
                .Add($"stage{s}_expansion", stage.Expansion == 1 ? new ChoiceOption(1, 3, 6) : new ChoiceOption(3, 6, 1))
                .Add($"stage{s}_se", new ChoiceOption(stage.SqueezeExcite, !stage.SqueezeExcite))
                .Add($"stage{s}_activation", stage.Activation == ActivationKind.Relu ? new ChoiceOption("relu", "hard_swish") : new ChoiceOption("hard_swish", "relu"));
        }

        return TrainingSpace.AddImageTraining(space, maxEpochs, flip);
    }

    /// <inheritdoc />
    public IArchitectureDesign ToDesign(Parameter parameter) => new MobileOptions
    {
        StemChannels = parameter["stem_channels"].AsInt(),
        StemStride = parameter.ContainsKey("stem_stride") ? parameter["stem_stride"].AsInt() : 1,
        Stages = Enumerable.Range(0, Widths.Length).Select(s => new MobileStage(
            parameter[$"stage{s}_depth"].AsInt(),
            parameter[$"stage{s}_width"].AsInt(),
            parameter[$"stage{s}_kernel"].AsInt(),
            parameter[$"stage{s}_expansion"].AsInt(),
            parameter[$"stage{s}_se"].AsBool(),
            ActivationNames.Parse(parameter[$"stage{s}_activation"].AsString()))).ToArray(),
    };

    /// <inheritdoc />
    public TrainingOptions ToTraining(Parameter parameter, int seed, string device) => TrainingSpace.ToImageTraining(parameter, seed, device);

    /// <summary>The graph of a mobile network (see <see cref="MobileOptions"/>) from an image input to <paramref name="outputs"/> logits.</summary>
    /// <exception cref="ArgumentException">The input is not an image, or a setting is not positive.</exception>
    public static ArchitectureGraph Build(InputSpec input, int outputs, MobileOptions options)
    {
        if (!input.IsImage)
        {
            throw new ArgumentException($"The mobile family needs an image input [C, H, W]; got {input.Shape}. Give the image shape (e.g. --image-shape 8x8).", nameof(input));
        }

        if (options.StemChannels < 1 || options.StemStride is < 1 or > 2 || outputs < 1 || options.Stages.Count == 0
            || options.Stages.Any(s => s.Depth < 1 || s.Channels < 1 || s.Kernel < 1 || s.Kernel % 2 == 0 || s.Expansion < 1))
        {
            throw new ArgumentException("Stem channels, outputs, and each stage's depth, channels, kernel (odd) and expansion must be positive; the stem stride 1 or 2.", nameof(options));
        }

        var g = new GraphNodes();
        string x = g.Add("stem_conv", "conv2d", ArchitectureGraph.InputId, ("channels", options.StemChannels), ("kernel", 3), ("stride", options.StemStride));
        x = g.Add("stem_bn", "batch_norm", x);
        x = g.Add("stem_act", "hard_swish", x);
        int channels = options.StemChannels;
        for (int s = 0; s < options.Stages.Count; s++)
        {
            var stage = options.Stages[s];
            for (int b = 0; b < stage.Depth; b++)
            {
                int stride = s > 0 && b == 0 ? 2 : 1;
                x = Block(g, $"s{s}b{b}", x, channels, stage, stride);
                channels = stage.Channels;
            }
        }

        x = g.Add("pool", "global_avg_pool", x);
        return g.ToGraph(input, g.Add("head", "linear", x, ("units", outputs)));
    }

    private static string Block(GraphNodes g, string id, string input, int inChannels, MobileStage stage, int stride)
    {
        string act = ActivationNames.Of(stage.Activation);
        int hidden = inChannels * stage.Expansion;
        string x = input;
        if (stage.Expansion > 1)
        {
            x = g.Add($"{id}_expand", "conv2d", x, ("channels", hidden), ("kernel", 1));
            x = g.Add($"{id}_expand_bn", "batch_norm", x);
            x = g.Add($"{id}_expand_act", act, x);
        }

        x = g.Add($"{id}_depthwise", "conv2d", x, ("channels", hidden), ("kernel", stage.Kernel), ("stride", stride), ("groups", hidden));
        x = g.Add($"{id}_depthwise_bn", "batch_norm", x);
        x = g.Add($"{id}_depthwise_act", act, x);
        if (stage.SqueezeExcite)
        {
            x = g.Add($"{id}_se", "squeeze_excite", x, ("hidden", Math.Max(8, hidden / 4)));
        }

        x = g.Add($"{id}_project", "conv2d", x, ("channels", stage.Channels), ("kernel", 1));
        x = g.Add($"{id}_project_bn", "batch_norm", x);
        return stride == 1 && inChannels == stage.Channels ? g.Add($"{id}_residual", "add", [x, input]) : x;
    }
}
