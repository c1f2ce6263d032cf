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
