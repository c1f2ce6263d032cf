using MlNetNas.Architectures.Operators;
using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// The MLP family: builds the architecture graph of an MLP from <see cref="MlpOptions"/> and, as a search family,
/// explores <see cref="MlpSearchSpace"/>. An image input is flattened first (the MLP on the pixels).
/// </summary>
public sealed class MlpFamily : IArchitectureFamily
{
    private readonly int maxEpochs;

    /// <summary>
    /// Creates the family; <paramref name="maxEpochs"/> bounds the epochs range of its space, and
    /// <paramref name="maxEnsembleMembers"/> is the batch ensemble it offers besides one network (1: none).
    /// </summary>
    public MlpFamily(int maxEpochs = 60, int maxEnsembleMembers = MlpSearchSpace.DefaultEnsembleMembers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEnsembleMembers, 1);
        this.maxEpochs = maxEpochs;
        MaxEnsembleMembers = maxEnsembleMembers;
    }

    /// <summary>The members of the largest batch ensemble in the space (1: ensembles are left out).</summary>
    public int MaxEnsembleMembers { get; }

    /// <inheritdoc />
    public string Name => "mlp";

    /// <inheritdoc />
    public bool Accepts(InputSpec input) => !input.IsTokens;

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(InputSpec input) => MlpSearchSpace.Create(maxEpochs, MaxEnsembleMembers);

    /// <inheritdoc />
    public IArchitectureDesign ToDesign(Parameter parameter) => MlpSearchSpace.ToArchitecture(parameter);

    /// <inheritdoc />
    public TrainingOptions ToTraining(Parameter parameter, int seed, string device) => MlpSearchSpace.ToTraining(parameter, seed, device);

    /// <summary>The graph of an MLP from <paramref name="inputWidth"/> features to <paramref name="outputWidth"/> outputs (logits or regression values).</summary>
    public static ArchitectureGraph Build(int inputWidth, int outputWidth, MlpOptions options) => Build(InputSpec.Vector(inputWidth), outputWidth, options);

    /// <summary>The most weights of the first hidden layer (its width is cut to fit): 16 M, 64 MB in single precision.</summary>
    public const long MaxInputWeights = 16_000_000;

    private const int MinCappedWidth = 16;

    /// <summary>
    /// The widest input (after any embedding) that a batch ensemble forks: each member copies every row, so a wider one
    /// (text n-grams) goes in without the ensemble, and the trial's architecture says so by leaving the fork out.
    /// </summary>
    public const int MaxForkedFeatures = 16_384;

    /// <summary>
    /// The widest input vector that <see cref="MlpOptions.NumericEmbedding"/> embeds (each slot becomes <c>dim</c> values)
    /// and <see cref="MlpOptions.RobustScale"/> scales (its fit sorts every slot's training values).
    /// </summary>
    public const int MaxEmbeddedFeatures = 512;

    /// <summary>The graph of an MLP from <paramref name="input"/> (flattened when it is not a vector) to <paramref name="outputWidth"/> outputs; the first hidden layer is narrowed to at most <see cref="MaxInputWeights"/> weights.</summary>
    public static ArchitectureGraph Build(InputSpec input, int outputWidth, MlpOptions options)
    {
        if (options.HiddenWidths.Any(w => w <= 0))
        {
            throw new ArgumentException($"Hidden widths must be positive; got [{string.Join(", ", options.HiddenWidths)}].", nameof(options));
        }

        var nodes = new List<ArchitectureNode>();
        string current = ArchitectureGraph.InputId;
        int width = input.FlatWidth;
        if (input.Shape.Dimensions.Count > 1)
        {
            current = Add(nodes, "flatten", "flatten", current);
        }
        else
        {
            if (options.RobustScale && width <= MaxEmbeddedFeatures)
            {
                current = Add(nodes, "robust", "robust_scale", current);
            }

            if (options.SmoothClip)
            {
                current = Add(nodes, "clip", "smooth_clip", current);
            }
        }

        if (input.Shape.Dimensions.Count == 1 && options.NumericEmbedding is { } embedding && width <= MaxEmbeddedFeatures)
        {
            current = Add(nodes, "embed", embedding.Operator, current, [("dim", embedding.Dim), .. embedding.Attributes]);
            width *= embedding.Dim;
        }

        if (options.InputScale)
        {
            current = Add(nodes, "scale", "input_scale", current);
        }

        if (options.EnsembleMembers < 1)
        {
            throw new ArgumentException($"Ensemble members must be at least 1; got {options.EnsembleMembers}.", nameof(options));
        }

        bool ensemble = options.EnsembleMembers > 1 && width <= MaxForkedFeatures;
        if (ensemble)
        {
            current = Add(nodes, "fork", "ensemble_fork", current, ("members", options.EnsembleMembers));
        }

        for (int layer = 0; layer < options.HiddenWidths.Count; layer++)
        {
            int units = options.HiddenWidths[layer];
            if (layer == 0)
            {
                // A very wide input (text n-grams: 154,554 slots for corefx issues) would make the first layer the whole
                // memory of a run: a width of 734 there is 113 M weights, with gradients and AdamW's moments 1.8 GB.
                long budget = options.Residual && width != units ? MaxInputWeights / 2 : MaxInputWeights;
                units = (int)Math.Min(units, Math.Max(MinCappedWidth, budget / Math.Max(1, width)));
            }

            string blockInput = current;
            string id = $"h{layer}";
            current = Add(nodes, $"{id}_linear", "linear", current, ("units", units));
            if (options.Normalization != NormalizationKind.None)
            {
                current = Add(nodes, $"{id}_norm", options.Normalization == NormalizationKind.Batch ? "batch_norm" : "layer_norm", current);
            }

            current = Add(nodes, $"{id}_act", ActivationNames.Of(options.Activation), current);
            if (options.Dropout > 0)
            {
                current = Add(nodes, $"{id}_dropout", "dropout", current, ("p", options.Dropout));
            }

            if (options.Residual)
            {
                string skip = width == units
                    ? blockInput
                    : Add(nodes, $"{id}_project", "linear", blockInput, ("units", units), ("bias", 0));
                nodes.Add(new ArchitectureNode($"{id}_residual", "add", current, skip));
                current = $"{id}_residual";
            }

            width = units;
        }

        if (ensemble)
        {
            Add(nodes, "head", "ensemble_head", current, ("units", outputWidth), ("members", options.EnsembleMembers));
        }
        else
        {
            Add(nodes, "head", "linear", current, ("units", outputWidth));
        }

        return new ArchitectureGraph(input.Shape, nodes, "head");
    }

    private static string Add(List<ArchitectureNode> nodes, string id, string op, string input, params (string Name, double Value)[] attributes)
    {
        nodes.Add(new ArchitectureNode(id, op, [input], attributes.ToDictionary(a => a.Name, a => a.Value)));
        return id;
    }
}
