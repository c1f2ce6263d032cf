using MlNetNas.Architectures.Operators;
using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// The tabular MLP search space (architecture and training settings in one space) and its mapping from a
/// sampled <see cref="Parameter"/> to <see cref="MlpOptions"/> and <see cref="TrainingOptions"/>.
/// </summary>
public static class MlpSearchSpace
{
    /// <summary>Small data sets get at least this many optimizer steps per trial (see <see cref="TrainingOptions.MinimumSteps"/>).</summary>
    public const int MinimumSteps = 400;

    /// <summary>The most hidden layers the space holds.</summary>
    public const int MaxLayers = 6;

    /// <summary>
    /// The space: layers 0–6 (0: one linear layer, a linear or logistic model trained by the same loop, for small data),
    /// width per layer 16–1024 (log), activation (parametric ReLU among them), dropout, normalization, residual, robust scaling of the input (median and
    /// interquartile range of the training rows), smooth clipping of it to about ±3, a trainable scale per input slot,
    /// periodic or piecewise-linear (quantile-bin) embeddings of the input features (none by default; frequencies, bins,
    /// width and σ), optimizer, learning rate (log), weight decay (log), batch
    /// size, epochs, schedule (flat-then-cosine among them), label smoothing (classification; none by default, regression ignores it), weight averaging
    /// of the last 5 epochs (none by default), the members of a TabM-style batch ensemble (1, none, by default, or
    /// <paramref name="maxEnsembleMembers"/>, 8 unless given: about that many times the compute of one network; 1 leaves
    /// ensembles out of the space).
    /// </summary>
    public static SearchSpace Create(int maxEpochs = 60, int maxEnsembleMembers = DefaultEnsembleMembers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEnsembleMembers, 1);
        var space = new SearchSpace()
            .Add("layers", new IntRangeOption(0, MaxLayers, defaultValue: 2));
        for (int i = 0; i < MaxLayers; i++)
        {
            // Widths of layers beyond "layers" are sampled but unused, as in ML.NET AutoML's flat spaces.
            space.Add($"width_{i}", new IntRangeOption(16, 1024, logScale: true, defaultValue: i == 0 ? 256 : 128));
        }

        return space
            .Add("activation", new ChoiceOption("relu", "gelu", "silu", "tanh", "leaky_relu", "prelu"))
            .Add("dropout", new FloatRangeOption(0, 0.5, defaultValue: 0.1))
            .Add("normalization", new ChoiceOption("none", "batch", "layer"))
            .Add("residual", new ChoiceOption(false, true))
            .Add("smooth_clip", new ChoiceOption(false, true))
            .Add("input_scale", new ChoiceOption(false, true))
            .Add("robust_scale", new ChoiceOption(false, true))
            .Add("numeric_embedding", new ChoiceOption("none", "periodic", "piecewise_linear"))
            .Add("embedding_frequencies", new ChoiceOption(16, 8, 32))
            .Add("embedding_bins", new ChoiceOption(16, 8, 32))
            .Add("embedding_dim", new ChoiceOption(16, 8, 32))
            .Add("embedding_sigma", new FloatRangeOption(0.01, 10, logScale: true, defaultValue: 0.1))
            .Add("optimizer", new ChoiceOption("adamw", "adam", "sgd"))
            .Add("learning_rate", new FloatRangeOption(1e-4, 3e-2, logScale: true, defaultValue: 2e-3))
            .Add("weight_decay", new FloatRangeOption(1e-6, 1e-1, logScale: true, defaultValue: 1e-4))
            .Add("batch_size", new ChoiceOption(64, 32, 128, 256))
            .Add("epochs", new IntRangeOption(10, maxEpochs, logScale: true, defaultValue: Math.Min(40, maxEpochs)))
            .Add("schedule", new ChoiceOption("cosine", "constant", "warmup_cosine", "flat_cosine"))
            .Add("label_smoothing", new ChoiceOption(0.0, 0.1, 0.2))
            .Add("weight_averaging", new ChoiceOption(0, 5))
            .Add("ensemble_members", maxEnsembleMembers > 1 ? new ChoiceOption(1, maxEnsembleMembers) : new ChoiceOption(1));
    }

    /// <summary>The MLP family for a search: this space (flattening image inputs) and its mapping.</summary>
    public static IArchitectureFamily Family(int maxEpochs = 60) => new MlpFamily(maxEpochs);

    /// <summary>The members of the batch ensemble the space offers besides a single network, unless told otherwise.</summary>
    public const int DefaultEnsembleMembers = 8;

    /// <summary>The architecture a parameter describes.</summary>
    public static MlpOptions ToArchitecture(Parameter parameter)
    {
        int layers = parameter["layers"].AsInt();
        return new MlpOptions
        {
            HiddenWidths = Enumerable.Range(0, layers).Select(i => parameter[$"width_{i}"].AsInt()).ToArray(),
            Activation = ActivationNames.Parse(parameter["activation"].AsString()),
            Dropout = parameter["dropout"].AsDouble(),
            Normalization = parameter["normalization"].AsString() switch
            {
                "batch" => NormalizationKind.Batch,
                "layer" => NormalizationKind.Layer,
                _ => NormalizationKind.None,
            },
            Residual = parameter["residual"].AsBool(),
            SmoothClip = parameter.ContainsKey("smooth_clip") && parameter["smooth_clip"].AsBool(),
            InputScale = parameter.ContainsKey("input_scale") && parameter["input_scale"].AsBool(),
            RobustScale = parameter.ContainsKey("robust_scale") && parameter["robust_scale"].AsBool(),
            NumericEmbedding = ToEmbedding(parameter),
            EnsembleMembers = parameter.ContainsKey("ensemble_members") ? parameter["ensemble_members"].AsInt() : 1,
        };
    }

    private static NumericEmbeddingOptions? ToEmbedding(Parameter parameter) =>
        (parameter.ContainsKey("numeric_embedding") ? parameter["numeric_embedding"].AsString() : "none") switch
        {
            "periodic" => new PeriodicEmbeddingOptions
            {
                Frequencies = parameter["embedding_frequencies"].AsInt(),
                Dim = parameter["embedding_dim"].AsInt(),
                Sigma = parameter["embedding_sigma"].AsDouble(),
            },
            "piecewise_linear" => new PiecewiseLinearEmbeddingOptions
            {
                Bins = parameter["embedding_bins"].AsInt(),
                Dim = parameter["embedding_dim"].AsInt(),
            },
            _ => null,
        };

    /// <summary>The training settings a parameter describes.</summary>
    public static TrainingOptions ToTraining(Parameter parameter, int seed, string device) =>
        TrainingSpace.ToTraining(parameter, seed, device) with
        {
            MinimumSteps = MinimumSteps,
            AverageLastEpochs = parameter.ContainsKey("weight_averaging") ? parameter["weight_averaging"].AsInt() : 0,
        };
}
