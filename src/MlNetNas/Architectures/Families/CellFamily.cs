using MlNetNas.Training;

namespace MlNetNas.Architectures.Families;

using MlNetNas.SearchSpace;

/// <summary>
/// The NAS-Bench-201 cell space for images (Dong and Yang 2020): the six edge operations of the cell
/// (<c>edge_1_0</c> … <c>edge_3_2</c>), the skeleton (<c>stem_channels</c>, <c>cells_per_stage</c>) and the
/// training settings including label smoothing and augmentation, in one space. A fixed cell (<c>--cell</c>)
/// makes the edges constants, so only the skeleton and the training are searched.
/// </summary>
public sealed class CellFamily : IArchitectureFamily
{
    /// <summary>The smallest side from which the space offers a stride-2 stem (and starts with it).</summary>
    public const int LargeImage = TrainingSpace.LargeImage;

    private readonly CellArchitecture? fixedCell;
    private readonly int maxEpochs;
    private readonly bool flip;

    /// <summary>Creates the family.</summary>
    /// <param name="fixedCell">A cell to keep instead of searching one; null searches the edges.</param>
    /// <param name="maxEpochs">The top of the epochs range.</param>
    /// <param name="allowFlip">Whether horizontal flips are an augmentation choice (off for digits and text).</param>
    public CellFamily(CellArchitecture? fixedCell = null, int maxEpochs = 40, bool allowFlip = false)
    {
        this.fixedCell = fixedCell;
        this.maxEpochs = maxEpochs;
        flip = allowFlip;
    }

    /// <inheritdoc />
    public string Name => "cell";

    /// <summary>The same family with its edges fixed to <paramref name="cell"/> (what a one-shot search hands back to retrain).</summary>
    public CellFamily WithCell(CellArchitecture cell) => new(cell, maxEpochs, flip);

    /// <inheritdoc />
    public bool Accepts(InputSpec input) => input.IsImage;

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(InputSpec input)
    {
        var space = new SearchSpace();
        var start = fixedCell ?? CellArchitecture.BestCifar10;
        for (int k = 0; k < CellArchitecture.Edges.Count; k++)
        {
            var (to, from) = CellArchitecture.Edges[k];
            string op = start.EdgeOperations[k];
            // The default (first) value is the starting cell's operation; the rest follow in the benchmark's order.
            space.Add($"edge_{to}_{from}", fixedCell is null
                ? new ChoiceOption([op, .. CellArchitecture.Operations.Where(o => o != op)])
                : new ConstantOption(op));
        }

        space
            .Add("stem_channels", new ChoiceOption(16, 8, 24, 32))
            .Add("cells_per_stage", new IntRangeOption(1, 3, defaultValue: 1));
        return TrainingSpace.AddImageTraining(TrainingSpace.AddStemStride(space, input), maxEpochs, flip);
    }

    /// <inheritdoc />
    public IArchitectureDesign ToDesign(Parameter parameter) => new CellOptions
    {
        Cell = CellOf(parameter) ?? throw new ArgumentException("The parameter has no cell edges (edge_1_0 … edge_3_2).", nameof(parameter)),
        StemChannels = parameter["stem_channels"].AsInt(),
        CellsPerStage = parameter["cells_per_stage"].AsInt(),
        StemStride = parameter.ContainsKey("stem_stride") ? parameter["stem_stride"].AsInt() : 1,
    };

    /// <summary>The cell of a point of this family's space (e.g. a trial's trainer parameter), or null when it has no cell edges.</summary>
    public static CellArchitecture? CellOf(Parameter parameter) =>
        CellArchitecture.Edges.All(e => parameter.ContainsKey($"edge_{e.To}_{e.From}"))
            ? new CellArchitecture(CellArchitecture.Edges.Select(e => parameter[$"edge_{e.To}_{e.From}"].AsString()).ToArray())
            : null;

    /// <inheritdoc />
    public TrainingOptions ToTraining(Parameter parameter, int seed, string device) => TrainingSpace.ToImageTraining(parameter, seed, device);

    /// <summary>The graph of a NAS-Bench-201 network (see <see cref="CellOptions"/>) from an image input to <paramref name="outputs"/> logits.</summary>
    /// <exception cref="ArgumentException">The input is not an image, or the settings are not positive.</exception>
    public static ArchitectureGraph Build(InputSpec input, int outputs, CellOptions options) =>
        Build(input, outputs, options, (g, id, x, channels) => Cell(g, id, x, channels, options.Cell));

    /// <summary>
    /// The NAS-Bench-201 skeleton (stem, three stages of <see cref="CellOptions.CellsPerStage"/> cells with residual
    /// reductions between them, pooled linear head) with each cell made by <paramref name="cell"/>(nodes, id, input, channels):
    /// ordinary cells here, cells of mixed edges for a supernet (<see cref="OneShot.CellSupernet"/>).
    /// </summary>
    internal static ArchitectureGraph Build(InputSpec input, int outputs, CellOptions options, Func<GraphNodes, string, string, int, string> cell)
    {
        if (!input.IsImage)
        {
            throw new ArgumentException($"The cell family needs an image input [C, H, W]; got {input.Shape}. Give the image shape (e.g. --image-shape 8x8).", nameof(input));
        }

        if (options.StemChannels < 1 || options.CellsPerStage < 1 || outputs < 1 || options.StemStride is < 1 or > 2)
        {
            throw new ArgumentException($"Stem channels, cells per stage and outputs must be positive and the stem stride 1 or 2; got {options.StemChannels}, {options.CellsPerStage}, {outputs}, {options.StemStride}.", nameof(options));
        }

        var g = new GraphNodes();
        int channels = options.StemChannels;
        int height = options.StemStride == 1 ? input.Shape.Dimensions[1] : ((input.Shape.Dimensions[1] - 1) / 2) + 1;
        int width = options.StemStride == 1 ? input.Shape.Dimensions[2] : ((input.Shape.Dimensions[2] - 1) / 2) + 1;
        string x = g.Add("stem_conv", "conv2d", ArchitectureGraph.InputId, ("channels", channels), ("kernel", 3), ("stride", options.StemStride));
        x = g.Add("stem_bn", "batch_norm", x);
        for (int stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                x = ReductionBlock(g, $"reduce{stage}", x, channels * 2, even: height % 2 == 0 && width % 2 == 0);
                channels *= 2;
                height = ((height - 1) / 2) + 1;
                width = ((width - 1) / 2) + 1;
            }

            for (int c = 0; c < options.CellsPerStage; c++)
            {
                x = cell(g, $"s{stage}c{c}", x, channels);
            }
        }

        x = g.Add("last_bn", "batch_norm", x);
        x = g.Add("last_relu", "relu", x);
        x = g.Add("pool", "global_avg_pool", x);
        return g.ToGraph(input, g.Add("head", "linear", x, ("units", outputs)));
    }

    /// <summary>A cell of fixed edge operations: node j is the sum of its edges' operations (a zero when every edge is none).</summary>
    private static string Cell(GraphNodes g, string id, string input, int channels, CellArchitecture cell) =>
        CellNodes(g, id, input, (j, from, source) =>
            CellOperations.Append(g, $"{id}_e{j}{from}", source, cell.EdgeOperations[CellArchitecture.EdgeIndex(j, from)], channels));

    /// <summary>
    /// The four nodes of a cell, node 0 being <paramref name="input"/>: node j (1–3) sums <paramref name="edge"/>(j, i, node i)
    /// over i &lt; j, leaving out edges that return null (none); a node no edge feeds is zeros.
    /// </summary>
    internal static string CellNodes(GraphNodes g, string id, string input, Func<int, int, string, string?> edge)
    {
        var nodes = new List<string> { input };
        for (int j = 1; j <= 3; j++)
        {
            var terms = Enumerable.Range(0, j).Select(from => edge(j, from, nodes[from])).OfType<string>().ToList();
            nodes.Add(terms.Count switch
            {
                0 => g.Add($"{id}_n{j}_zero", "zero", input),
                1 => terms[0],
                _ => g.Add($"{id}_n{j}", "add", terms),
            });
        }

        return nodes[3];
    }

    /// <summary>NAS-Bench-201's residual reduction: two ReLU-Conv-BN (the first with stride 2) plus a pooled 1×1 projection.</summary>
    private static string ReductionBlock(GraphNodes g, string id, string input, int channels, bool even)
    {
        string a = CellOperations.ReluConvBn(g, $"{id}_a", input, channels, 3, stride: 2);
        string b = CellOperations.ReluConvBn(g, $"{id}_b", a, channels, 3, stride: 1);
        // A 2×2 pool halves even sizes as the stride-2 convolution does; odd sizes need a padded 3×3 pool to match.
        string pooled = even
            ? g.Add($"{id}_pool", "avg_pool", input, ("kernel", 2), ("stride", 2), ("padding", 0))
            : g.Add($"{id}_pool", "avg_pool", input, ("kernel", 3), ("stride", 2), ("padding", 1));
        string projected = g.Add($"{id}_project", "conv2d", pooled, ("channels", channels), ("kernel", 1));
        return g.Add($"{id}_sum", "add", [b, projected]);
    }
}
