using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Token ids (<c>[L]</c>, held as floats in the input vector) to a sequence of vectors <c>[L, dim]</c>. Attributes:
/// <c>vocabulary</c> (the number of ids; id 0 is padding and has a fixed zero vector), <c>dim</c>, and <c>positions</c>
/// (1: a learned vector per position is added). ONNX: Cast to int64, Gather, Add.
/// </summary>
internal sealed class EmbeddingOperator : OperatorDefinition
{
    public override string Name => "embedding";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 1);
        if (inputs[0].Dimensions.Count != 1)
        {
            throw new ArgumentException($"Node '{node.Id}' (embedding) reads a sequence of token ids [L]; got {inputs[0]}.");
        }

        _ = Vocabulary(node);
        return new TensorShape(inputs[0].Width, Dim(node));
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        ((long)Vocabulary(node) * Dim(node)) + (HasPositions(node) ? (long)inputs[0].Width * Dim(node) : 0);

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, Vocabulary(node), Dim(node), HasPositions(node) ? inputs[0].Width : 0);

    public override string Describe(ArchitectureNode node) => $"embedding({Vocabulary(node)}x{Dim(node)}{(HasPositions(node) ? "+positions" : string.Empty)})";

    private static int Vocabulary(ArchitectureNode node)
    {
        int vocabulary = (int)node.RequiredAttribute("vocabulary");
        return vocabulary >= 2 ? vocabulary : throw new ArgumentException($"Node '{node.Id}' (embedding) needs a vocabulary of at least 2 ids; got {vocabulary}.");
    }

    private static int Dim(ArchitectureNode node)
    {
        int dim = (int)node.RequiredAttribute("dim");
        return dim > 0 ? dim : throw new ArgumentException($"Node '{node.Id}' (embedding) needs dim > 0; got {dim}.");
    }

    private static bool HasPositions(ArchitectureNode node) => node.Attribute("positions", 0) != 0;

    private sealed class Layer : GraphLayer
    {
        private readonly Embedding embedding;
        private readonly Parameter? positions;
        private readonly int vocabulary;
        private readonly int dim;
        private readonly int length;

        public Layer(string name, int vocabulary, int dim, int length)
            : base(name)
        {
            this.vocabulary = vocabulary;
            this.dim = dim;
            this.length = length;
            embedding = nn.Embedding(vocabulary, dim, padding_idx: 0);
            if (length > 0)
            {
                positions = nn.Parameter(randn(length, dim) * 0.02);
            }

            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var ids = inputs[0].to_type(ScalarType.Int64);
            var vectors = embedding.forward(ids);
            return positions is null ? vectors : vectors + positions;
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string ids = onnx.AddNode("Cast", [inputs[0]], new Dictionary<string, object> { ["to"] = (long)OnnxElementType.Int64 }, $"{name}_ids");
            string table = onnx.AddInitializer($"{name}_table", Values(embedding.weight!), vocabulary, dim);
            string vectors = onnx.AddNode("Gather", [table, ids], new Dictionary<string, object> { ["axis"] = 0L }, positions is null ? name : $"{name}_tokens");
            return positions is null
                ? vectors
                : onnx.AddNode("Add", [vectors, onnx.AddInitializer($"{name}_positions", Values(positions), length, dim)], outputNameHint: name);
        }
    }
}
