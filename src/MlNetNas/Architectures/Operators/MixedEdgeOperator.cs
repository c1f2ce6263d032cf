using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// A supernet's mixed node: one NAS-Bench-201 cell edge holding every candidate operation
/// (<see cref="CellArchitecture.Operations"/>) with its own weights, shared by all the cells a search samples.
/// Attribute <c>edge</c> is the edge's position (0–5) in <see cref="CellArchitecture.Edges"/>. How the candidates
/// combine is the supernet's current <see cref="SupernetMixing"/>: a weighted sum (DARTS) evaluates all of them, a
/// sampled path (ENAS, GDAS) only the chosen one. It has no ONNX form: a search derives an ordinary cell from it.
/// </summary>
internal sealed class MixedEdgeOperator : OperatorDefinition
{
    public override string Name => "mixed_edge";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        int edge = (int)node.RequiredAttribute("edge");
        if (inputs[0].Dimensions.Count != 3 || edge < 0 || edge >= CellArchitecture.Edges.Count)
        {
            throw new ArgumentException($"Node '{node.Id}' (mixed_edge) needs a [C, H, W] input and an edge 0–{CellArchitecture.Edges.Count - 1}; got {inputs[0]} and {edge}.");
        }

        return inputs[0];
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        CellArchitecture.Operations.Select(op => Candidate(op, inputs[0])).OfType<ArchitectureGraph>().Sum(g => g.ParameterCount);

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, (int)node.RequiredAttribute("edge"), inputs[0]);

    public override string Describe(ArchitectureNode node) => $"mixed_edge({(int)node.RequiredAttribute("edge")})";

    /// <summary>The graph of a parameterised candidate on an input of <paramref name="shape"/>; null for none and skip_connect.</summary>
    private static ArchitectureGraph? Candidate(string operation, TensorShape shape)
    {
        var g = new GraphNodes();
        string? output = CellOperations.Append(g, "op", ArchitectureGraph.InputId, operation, shape.Dimensions[0]);
        return output is null || output == ArchitectureGraph.InputId ? null : g.ToGraph(new InputSpec(shape), output);
    }

    /// <summary>The TorchSharp side: the candidates as modules, combined as <see cref="Mixing"/> says.</summary>
    internal sealed class Layer : GraphLayer
    {
        private readonly GraphModule?[] candidates;

        public Layer(string name, int edge, TensorShape shape)
            : base(name)
        {
            Edge = edge;
            candidates = CellArchitecture.Operations.Select(op => Candidate(op, shape) is { } graph ? new GraphModule(graph) : null).ToArray();
            for (int k = 0; k < candidates.Length; k++)
            {
                if (candidates[k] is { } module)
                {
                    register_module(CellArchitecture.Operations[k], module);
                }
            }
        }

        /// <summary>The edge's position in <see cref="CellArchitecture.Edges"/>.</summary>
        public int Edge { get; }

        /// <summary>How the candidates combine; the supernet sets it before the first forward.</summary>
        public SupernetMixing? Mixing { get; set; }

        /// <summary>How many candidate operations the last forward evaluated (4 for a weighted sum, which skips none; 1 on a path).</summary>
        public int LastEvaluated { get; private set; }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            var x = inputs[0];
            var mixing = Mixing ?? throw new InvalidOperationException($"The mixed edge '{GetName()}' has no mixing: set the supernet's path or weights first.");
            if (mixing.Path is { } path)
            {
                LastEvaluated = 1;
                var y = Evaluate(path[Edge], x);
                return mixing.Gates is { } gates ? y * gates[Edge] : y;
            }

            var weights = mixing.Weights ?? throw new InvalidOperationException("The supernet's mixing has neither a path nor weights.");
            Tensor? sum = null;
            LastEvaluated = 0;
            for (int k = 0; k < candidates.Length; k++)
            {
                if (CellArchitecture.Operations[k] == "none")
                {
                    continue; // zeros times any weight add nothing
                }

                var term = Evaluate(k, x) * weights[Edge, k];
                sum = sum is null ? term : sum + term;
                LastEvaluated++;
            }

            return sum!;
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs) =>
            throw new InvalidOperationException("A supernet's mixed edge has no ONNX form: derive its cell (CellSupernet.Derive) and retrain that network.");

        private Tensor Evaluate(int operation, Tensor x) => CellArchitecture.Operations[operation] switch
        {
            "none" => zeros_like(x),
            "skip_connect" => x,
            _ => candidates[operation]!.forward(x),
        };
    }
}
