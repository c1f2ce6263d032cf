using MlNetNas.Architectures.Families;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// Settings of a one-shot search. The defaults are for CPU budgets of a minute or two: a one-cell-per-stage
/// skeleton, AdamW for the shared weights, and architecture learning rates ten times NAS-Bench-201's (its
/// searches run 250 GPU epochs; ours run a few dozen).
/// </summary>
public sealed record OneShotOptions
{
    /// <summary>The search method.</summary>
    public OneShotMethod Method { get; init; } = OneShotMethod.Gdas;

    /// <summary>The supernet's skeleton (its cell is ignored): 16 channels, one cell per stage by default.</summary>
    public CellOptions Skeleton { get; init; } = new() { Cell = CellArchitecture.BestCifar10, StemChannels = 16, CellsPerStage = 1 };

    /// <summary>The wall time the supernet may train; the schedule is planned to end within it. Null: <see cref="MaxEpochs"/> epochs.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The most epochs (passes over the weight half of the training rows).</summary>
    public int MaxEpochs { get; init; } = 150;

    /// <summary>
    /// The share of the planned epochs in which the shared weights train alone, on uniform mixtures or paths (no architecture
    /// or controller step): architecture steps on untrained weights favour the parameter-free operations, which is how collapse starts.
    /// </summary>
    public double WarmupFraction { get; init; } = 0.2;

    /// <summary>Epochs before the collapse guard and the stable-ranking stop apply (DARTS).</summary>
    public int MinEpochs { get; init; } = 6;

    /// <summary>Epochs DARTS's derived cell must stay the same to end the search early (its ranking stabilised); 0 never stops on it.</summary>
    public int StablePatience { get; init; } = 4;

    /// <summary>
    /// Against collapse: DARTS stops when its cell holds more skip connections than this, and no method's final cell keeps more
    /// (DARTS and GDAS take the next operation on the weakest skips, ENAS passes over such samples).
    /// </summary>
    public int MaxSkipConnections { get; init; } = 2;

    /// <summary>
    /// DARTS's and GDAS's final cell keeps at most this many parameter-free edges (skip or pooling), the weakest taking their
    /// strongest convolution: both collapsed into pooling on optdigits without it.
    /// </summary>
    public int MaxParameterFreeEdges { get; init; } = 3;

    /// <summary>Rows per batch, for the weights and for the architecture.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The shared weights' AdamW learning rate (cosine decay over the planned epochs).</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>The shared weights' weight decay.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Adam learning rate of the architecture logits (DARTS, GDAS) or of the ENAS controller.</summary>
    public double ArchitectureLearningRate { get; init; } = 3e-3;

    /// <summary>GDAS's Gumbel-softmax temperature at the start and at the end of the schedule (linear in between).</summary>
    public (double Start, double End) GumbelTemperature { get; init; } = (10.0, 0.1);

    /// <summary>ENAS controller updates after each epoch of shared-weight training.</summary>
    public int ControllerSteps { get; init; } = 20;

    /// <summary>Cells ENAS samples at the end and compares on held-out rows to pick the derived one.</summary>
    public int FinalSamples { get; init; } = 16;

    /// <summary>The seed of the weights, the batch order, the samples and the split of the training rows.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>CPU threads for TorchSharp.</summary>
    public int CpuThreads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (WarmupFraction is < 0 or >= 1 || MaxEpochs < 1 || BatchSize < 2 || LearningRate <= 0 || ArchitectureLearningRate <= 0 || ControllerSteps < 1 || FinalSamples < 1 || MinEpochs < 1 || StablePatience < 0 || MaxSkipConnections < 0 || MaxParameterFreeEdges < 0)
        {
            throw new ArgumentException($"One-shot settings out of range: warm-up {WarmupFraction}, epochs {MaxEpochs}, batch {BatchSize}, learning rates {LearningRate} and {ArchitectureLearningRate}, controller steps {ControllerSteps}, final samples {FinalSamples}, min epochs {MinEpochs}, patience {StablePatience}, skip limit {MaxSkipConnections}.");
        }

        if (GumbelTemperature.Start <= 0 || GumbelTemperature.End <= 0)
        {
            throw new ArgumentException($"Gumbel temperatures must be positive; got {GumbelTemperature.Start} → {GumbelTemperature.End}.");
        }
    }
}
