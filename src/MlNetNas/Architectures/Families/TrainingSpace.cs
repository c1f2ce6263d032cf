using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// The training settings every family's space shares, by name: <c>optimizer</c>, <c>learning_rate</c>,
/// <c>weight_decay</c>, <c>batch_size</c>, <c>epochs</c>, <c>schedule</c>, and where a space has them
/// <c>label_smoothing</c> and <c>augmentation</c>. A family adds them with its own ranges; this reads them back.
/// </summary>
public static class TrainingSpace
{
    /// <summary>The smallest side from which the convolutional spaces offer a stride-2 stem (and start with it).</summary>
    public const int LargeImage = 24;

    /// <summary>
    /// Adds <c>stem_stride</c> (2 first, then 1) for pictures of <see cref="LargeImage"/> pixels and more: on the CPU a
    /// full-resolution stem on 28×28 or larger pictures leaves time for too few epochs.
    /// </summary>
    public static SearchSpace AddStemStride(SearchSpace space, InputSpec input) =>
        input.IsImage && Math.Min(input.Shape.Dimensions[1], input.Shape.Dimensions[2]) >= LargeImage
            ? space.Add("stem_stride", new ChoiceOption(2, 1))
            : space;

    /// <summary>The training settings of the convolutional spaces, with label smoothing and crop (and, when allowed, flip) augmentation.</summary>
    public static SearchSpace AddImageTraining(SearchSpace space, int maxEpochs, bool allowFlip) => space
        .Add("optimizer", new ChoiceOption("adamw", "sgd", "adam"))
        .Add("learning_rate", new FloatRangeOption(3e-4, 3e-2, logScale: true, defaultValue: 3e-3))
        .Add("weight_decay", new FloatRangeOption(1e-6, 1e-2, logScale: true, defaultValue: 5e-4))
        .Add("batch_size", new ChoiceOption(64, 32, 128))
        .Add("epochs", new IntRangeOption(5, maxEpochs, logScale: true, defaultValue: Math.Min(20, maxEpochs)))
        .Add("schedule", new ChoiceOption("cosine", "warmup_cosine", "constant"))
        .Add("label_smoothing", new ChoiceOption(0.1, 0.0, 0.2))
        .Add("augmentation", allowFlip ? new ChoiceOption("crop", "none", "crop_flip") : new ChoiceOption("crop", "none"));

    /// <summary>
    /// The training settings of a convolutional point: <see cref="ToTraining"/> on every core (up to 4), since convolutions,
    /// unlike the small tabular MLPs, are big enough to gain from threads.
    /// </summary>
    public static TrainingOptions ToImageTraining(Parameter parameter, int seed, string device) =>
        ToTraining(parameter, seed, device) with { CpuThreads = Math.Clamp(Environment.ProcessorCount, 1, 4) };

    /// <summary>The training settings of a point (settings the space lacks keep their defaults).</summary>
    public static TrainingOptions ToTraining(Parameter parameter, int seed, string device)
    {
        var options = new TrainingOptions
        {
            Optimizer = parameter["optimizer"].AsString() switch
            {
                "adam" => OptimizerKind.Adam,
                "sgd" => OptimizerKind.Sgd,
                _ => OptimizerKind.AdamW,
            },
            LearningRate = parameter["learning_rate"].AsDouble(),
            WeightDecay = parameter["weight_decay"].AsDouble(),
            BatchSize = parameter["batch_size"].AsInt(),
            MaxEpochs = parameter["epochs"].AsInt(),
            Schedule = parameter["schedule"].AsString() switch
            {
                "constant" => LearningRateSchedule.Constant,
                "warmup_cosine" => LearningRateSchedule.WarmupCosine,
                "flat_cosine" => LearningRateSchedule.FlatCosine,
                _ => LearningRateSchedule.Cosine,
            },
            Seed = seed,
            Device = device,
        };
        if (parameter.ContainsKey("label_smoothing"))
        {
            options = options with { LabelSmoothing = parameter["label_smoothing"].AsDouble() };
        }

        if (parameter.ContainsKey("augmentation"))
        {
            options = options with { Augmentation = ImageAugmentations.Parse(parameter["augmentation"].AsString()) };
        }

        return options;
    }
}
