using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// Piecewise-linear encodings of numerical features with quantile bins, "PLE-Q-LR" of Gorishniy et al. 2022 ("On
/// Embeddings for Numerical Features in Tabular Deep Learning"): the training values of each feature <c>x_j</c> are cut
/// at <c>T + 1</c> quantiles <c>b_0 … b_T</c>, and <c>x_j</c> becomes <c>T</c> values, bin <c>t</c> holding
/// <c>(x − b_t) / (b_{t+1} − b_t)</c> clipped to [0, 1] (the first bin of non-zero width is open below, the last open
/// above, so values beyond the training range extrapolate); a linear layer per feature and a ReLU follow (<see cref="FeatureWiseLinear"/>),
/// and the <c>[d, dim]</c> result is flattened. A bin of width zero (a feature with fewer distinct values than bins)
/// encodes 0 everywhere. The edges come from the training rows (<see cref="IFitsToData"/>); unfitted, they cut
/// [−3, 3] evenly. Attributes: <c>bins</c> (T), <c>dim</c>.
/// ONNX: Unsqueeze, Sub, Mul, Max, Min, then <see cref="FeatureWiseLinear"/>'s nodes.
/// </summary>
internal sealed class PiecewiseLinearEmbeddingOperator : OperatorDefinition
{
    public override string Name => "piecewise_linear_embedding";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectOneVector(node, inputs, "encodes the features of a vector [d]");
        _ = Bins(node);
        return new TensorShape(inputs[0].Width * Dim(node));
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        FeatureWiseLinear.CountParameters(inputs[0].Width, Bins(node), Dim(node));

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, inputs[0].Width, Bins(node), Dim(node));

    public override string Describe(ArchitectureNode node) => $"piecewise_linear_embedding({Bins(node)} bins x{Dim(node)})";

    private static int Bins(ArchitectureNode node)
    {
        int bins = (int)node.RequiredAttribute("bins");
        return bins >= 2 ? bins : throw new ArgumentException($"Node '{node.Id}' (piecewise_linear_embedding) needs at least 2 bins; got {bins}.");
    }

    private static int Dim(ArchitectureNode node)
    {
        int dim = (int)node.RequiredAttribute("dim");
        return dim > 0 ? dim : throw new ArgumentException($"Node '{node.Id}' (piecewise_linear_embedding) needs dim > 0; got {dim}.");
    }

    private sealed class Layer : GraphLayer, IFitsToData
    {
        private const float Open = float.MaxValue;

        // Buffers and parameters are fields registered under their own names: moving the module to a device replaces
        // each field by its moved copy under that name.
        private readonly Tensor left;
        private readonly Tensor inverseWidth;
        private readonly Tensor lower;
        private readonly Tensor upper;
        private readonly TorchSharp.Modules.Parameter weight;
        private readonly TorchSharp.Modules.Parameter bias;
        private readonly int features;
        private readonly int bins;

        public Layer(string name, int features, int bins, int dim)
            : base(name)
        {
            this.features = features;
            this.bins = bins;
            float[] edges = Enumerable.Range(0, bins + 1).Select(t => -3f + (6f * t / bins)).ToArray();
            var (low, high) = Bounds(Enumerable.Repeat(true, bins).ToArray());
            left = tensor(Enumerable.Range(0, features).SelectMany(_ => edges.Take(bins)).ToArray(), [features, bins]);
            inverseWidth = full(features, bins, bins / 6f);
            lower = tensor(Enumerable.Range(0, features).SelectMany(_ => low).ToArray(), [features, bins]);
            upper = tensor(Enumerable.Range(0, features).SelectMany(_ => high).ToArray(), [features, bins]);
            (weight, bias) = FeatureWiseLinear.CreateWeights(features, bins, dim);
            RegisterComponents();
        }

        public void Fit(Tensor input)
        {
            var columns = ColumnQuantiles.OfEach(input);
            var lefts = new float[features * bins];
            var inverses = new float[features * bins];
            var lowers = new float[features * bins];
            var uppers = new float[features * bins];
            for (int j = 0; j < features; j++)
            {
                var column = columns[j];
                double[] edges = Enumerable.Range(0, bins + 1).Select(t => column.At((double)t / bins)).ToArray();
                var live = new bool[bins];
                for (int t = 0; t < bins; t++)
                {
                    double width = edges[t + 1] - edges[t];
                    live[t] = width > 1e-12;
                    lefts[(j * bins) + t] = (float)edges[t];
                    inverses[(j * bins) + t] = live[t] ? (float)(1 / width) : 0f;
                }

                var (low, high) = Bounds(live);
                low.CopyTo(lowers, j * bins);
                high.CopyTo(uppers, j * bins);
            }

            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            left.copy_(tensor(lefts, [features, bins]));
            inverseWidth.copy_(tensor(inverses, [features, bins]));
            lower.copy_(tensor(lowers, [features, bins]));
            upper.copy_(tensor(uppers, [features, bins]));
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var encoded = ((inputs[0].unsqueeze(-1) - left) * inverseWidth).maximum(lower).minimum(upper); // [N, d, T]
            return FeatureWiseLinear.Forward(encoded, weight, bias).MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string axes = onnx.AddInitializer($"{name}_axes", [-1L], 1);
            string column = onnx.AddNode("Unsqueeze", [inputs[0], axes], outputNameHint: $"{name}_column");
            string shifted = onnx.AddNode("Sub", [column, onnx.AddInitializer($"{name}_left", Values(left), features, bins)], outputNameHint: $"{name}_from_edge");
            string scaled = onnx.AddNode("Mul", [shifted, onnx.AddInitializer($"{name}_inverse_width", Values(inverseWidth), features, bins)], outputNameHint: $"{name}_in_bin");
            string floored = onnx.AddNode("Max", [scaled, onnx.AddInitializer($"{name}_lower", Values(lower), features, bins)], outputNameHint: $"{name}_floored");
            string encoded = onnx.AddNode("Min", [floored, onnx.AddInitializer($"{name}_upper", Values(upper), features, bins)], outputNameHint: $"{name}_encoded");
            return FeatureWiseLinear.EmitOnnx(onnx, name, encoded, weight, bias);
        }

        // Each bin clips to [0, 1] but the first live bin is open below and the last open above, so that values beyond
        // the training range extrapolate even where the outermost quantiles coincide (many rows at the minimum).
        private static (float[] Lower, float[] Upper) Bounds(bool[] live)
        {
            int first = Array.IndexOf(live, true), last = Array.LastIndexOf(live, true);
            return (
                live.Select((_, t) => t == first ? -Open : 0f).ToArray(),
                live.Select((_, t) => t == last ? Open : 1f).ToArray());
        }
    }
}
