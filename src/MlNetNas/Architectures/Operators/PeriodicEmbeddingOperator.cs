using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Periodic embeddings of numerical features, "PLR" of Gorishniy et al. 2022 ("On Embeddings for Numerical Features in
/// Tabular Deep Learning"): each feature <c>x_j</c> of a vector <c>[d]</c> becomes
/// <c>ReLU(W_j · [sin(2π c_j x_j), cos(2π c_j x_j)] + b_j)</c>, with <c>k</c> trainable frequencies <c>c_j</c> per feature
/// (initialised from N(0, σ²)) and a linear layer of its own per feature; the <c>[d, dim]</c> result is flattened to
/// <c>[d · dim]</c> for the layers after it. Attributes: <c>frequencies</c> (k), <c>dim</c>, <c>sigma</c>.
/// ONNX: Unsqueeze, Mul, Sin, Cos, Concat, then <see cref="FeatureWiseLinear"/>'s nodes.
/// </summary>
internal sealed class PeriodicEmbeddingOperator : OperatorDefinition
{
    public override string Name => "periodic_embedding";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectOneVector(node, inputs, "embeds the features of a vector [d]");
        _ = Frequencies(node);
        _ = Sigma(node);
        return new TensorShape(inputs[0].Width * Dim(node));
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        long features = inputs[0].Width;
        int k = Frequencies(node);
        return (features * k) + FeatureWiseLinear.CountParameters(features, 2 * k, Dim(node));
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, inputs[0].Width, Frequencies(node), Dim(node), Sigma(node));

    public override string Describe(ArchitectureNode node) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"periodic_embedding({Frequencies(node)}x{Dim(node)}, σ {Sigma(node):G3})");

    private static int Frequencies(ArchitectureNode node)
    {
        int k = (int)node.RequiredAttribute("frequencies");
        return k > 0 ? k : throw new ArgumentException($"Node '{node.Id}' (periodic_embedding) needs frequencies > 0; got {k}.");
    }

    private static int Dim(ArchitectureNode node)
    {
        int dim = (int)node.RequiredAttribute("dim");
        return dim > 0 ? dim : throw new ArgumentException($"Node '{node.Id}' (periodic_embedding) needs dim > 0; got {dim}.");
    }

    private static double Sigma(ArchitectureNode node)
    {
        double sigma = node.RequiredAttribute("sigma");
        return sigma > 0 && double.IsFinite(sigma) ? sigma : throw new ArgumentException($"Node '{node.Id}' (periodic_embedding) needs a positive sigma; got {sigma}.");
    }

    private sealed class Layer : GraphLayer
    {
        private readonly TorchSharp.Modules.Parameter frequencies;
        private readonly TorchSharp.Modules.Parameter weight;
        private readonly TorchSharp.Modules.Parameter bias;
        private readonly int features;
        private readonly int k;

        public Layer(string name, int features, int k, int dim, double sigma)
            : base(name)
        {
            this.features = features;
            this.k = k;
            frequencies = nn.Parameter(randn(features, k) * sigma);
            (weight, bias) = FeatureWiseLinear.CreateWeights(features, 2 * k, dim);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var phases = inputs[0].unsqueeze(-1) * frequencies * (2 * Math.PI); // [N, d, k]
            return FeatureWiseLinear.Forward(cat([phases.sin(), phases.cos()], -1), weight, bias).MoveToOuterDisposeScope(); // [N, d, 2k] -> [N, d · dim]
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string axes = onnx.AddInitializer($"{name}_axes", [-1L], 1);
            string column = onnx.AddNode("Unsqueeze", [inputs[0], axes], outputNameHint: $"{name}_column");
            float[] scaled = Values(frequencies).Select(c => (float)(c * 2 * Math.PI)).ToArray();
            string phases = onnx.AddNode("Mul", [column, onnx.AddInitializer($"{name}_frequencies", scaled, features, k)], outputNameHint: $"{name}_phases");
            string sin = onnx.AddNode("Sin", [phases], outputNameHint: $"{name}_sin");
            string cos = onnx.AddNode("Cos", [phases], outputNameHint: $"{name}_cos");
            string periodic = onnx.AddNode("Concat", [sin, cos], new Dictionary<string, object> { ["axis"] = -1L }, $"{name}_periodic");
            return FeatureWiseLinear.EmitOnnx(onnx, name, periodic, weight, bias);
        }
    }
}
