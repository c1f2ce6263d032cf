namespace MlNetNas.Training;

/// <summary>The settings of one training run. Defaults suit small tabular data sets.</summary>
public sealed record TrainingOptions
{
    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>The initial learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight decay (L2 for Adam and SGD, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Examples per optimization step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The most epochs to train.</summary>
    public int MaxEpochs { get; init; } = 50;

    /// <summary>
    /// The fewest optimization steps a run may plan for: on small data sets the epoch count is raised so that
    /// epochs × batches per epoch reaches this (early stopping still applies). 0 keeps <see cref="MaxEpochs"/> as is.
    /// </summary>
    public int MinimumSteps { get; init; }

    /// <summary>
    /// Stop after this many epochs without a better validation loss, counted from the first epoch under a constant rate
    /// and from the second half of the epochs under a decaying one (its best epochs come as it anneals); 0 disables early stopping.
    /// </summary>
    public int EarlyStoppingPatience { get; init; } = 8;

    /// <summary>
    /// Whether the run ends with the weights of its best validation epoch (the default) or of its last epoch
    /// (for a refit on all data, where the "validation" rows are also trained on).
    /// </summary>
    public bool KeepBestEpoch { get; init; } = true;

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>
    /// Label smoothing of the multiclass cross-entropy (Szegedy et al. 2016): the target puts this much probability
    /// evenly on all classes. 0, the default, is plain cross-entropy; other tasks ignore it.
    /// </summary>
    public double LabelSmoothing { get; init; }

    /// <summary>
    /// Weight averaging over the last epochs of the schedule (stochastic weight averaging, Izmailov et al. 2018): the
    /// running mean of the weights after each of the last this-many epochs. At the end the average is kept when it beats
    /// the best epoch on the validation rows (in a refit, which keeps its last epoch, whenever at least two epochs were
    /// averaged). 0, the default, averages nothing.
    /// </summary>
    public int AverageLastEpochs { get; init; }

    /// <summary>Random changes to training images (image inputs only); none by default.</summary>
    public ImageAugmentation Augmentation { get; init; } = ImageAugmentation.None;

    /// <summary>The most pixels a <see cref="ImageAugmentation.Crop"/> shifts an image each way. Default 1 (for 8×8 digits; 4 suits 32×32).</summary>
    public int CropPadding { get; init; } = 1;

    /// <summary>
    /// The time the run may take, or null to plan by epochs alone. When the planned epochs would not fit (measured after
    /// the first epoch), the schedule is shortened to the epochs that do, so that the learning rate still decays to its
    /// end instead of being cut off high (budgeted training, Li et al. 2020). A deadline still stops the run either way.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The seed of weight initialisation and batch order.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// TorchSharp's intra-op threads when training on the CPU (a process-wide setting, applied at the start of
    /// each run). Default 1: the small tabular networks searched here are fastest on one thread, and more threads
    /// busy-wait on small machines — measured 10× slower epochs on 2 cores with a second process running.
    /// </summary>
    public int CpuThreads { get; init; } = 1;

    /// <summary>"auto" (CUDA when present), "cpu" or "cuda".</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException($"LearningRate must be positive and finite; got {LearningRate}.");
        }

        if (WeightDecay < 0)
        {
            throw new ArgumentException($"WeightDecay must be ≥ 0; got {WeightDecay}.");
        }

        if (AverageLastEpochs < 0)
        {
            throw new ArgumentException($"AverageLastEpochs must be ≥ 0; got {AverageLastEpochs}.");
        }

        if (LabelSmoothing is < 0 or >= 1 || CropPadding < 0)
        {
            throw new ArgumentException($"LabelSmoothing must be in [0, 1) and CropPadding ≥ 0; got {LabelSmoothing} and {CropPadding}.");
        }

        if (BatchSize < 1 || MaxEpochs < 1 || EarlyStoppingPatience < 0 || MinimumSteps < 0 || CpuThreads < 1)
        {
            throw new ArgumentException($"BatchSize and MaxEpochs must be ≥ 1, EarlyStoppingPatience and MinimumSteps ≥ 0, CpuThreads ≥ 1; got {BatchSize}, {MaxEpochs}, {EarlyStoppingPatience}, {MinimumSteps}, {CpuThreads}.");
        }
    }
}
