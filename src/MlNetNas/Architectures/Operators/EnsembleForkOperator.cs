using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The input side of a TabM-style batch ensemble (Gorishniy et al. 2024, "TabM: Advancing Tabular Deep Learning with
/// Parameter-Efficient Ensembling", the "mini" variant): each row of a vector batch <c>[N, d]</c> becomes <c>k</c> rows,
/// member <c>m</c>'s copy multiplied feature by feature by its own trainable scale <c>r_m</c> (initialised to random
/// ±1, so the members start different), giving <c>[N·k, d]</c> with the member index fastest. The layers after it are
/// shared by all members and see <c>k</c> times the rows; <see cref="EnsembleHeadOperator"/> ends the ensemble.
/// The shape per example stays <c>[d]</c>. Attribute: <c>members</c> (k ≥ 2). ONNX: Unsqueeze, Mul, Reshape.
/// </summary>
internal sealed class EnsembleForkOperator : OperatorDefinition
{
    public override string Name => "ensemble_fork";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectOneVector(node, inputs, "forks a vector [d]");
        _ = Members(node);
        return inputs[0];
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => (long)Members(node) * inputs[0].Width;

    public override int RowsPerExample(ArchitectureNode node) => Members(node);

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => new Layer(node.Id, Members(node), inputs[0].Width);

    public override string Describe(ArchitectureNode node) => $"ensemble_fork({Members(node)})";

    /// <summary>The members of an ensemble node: at least 2.</summary>
    internal static int Members(ArchitectureNode node)
    {
        int members = (int)node.RequiredAttribute("members");
        return members >= 2 ? members : throw new ArgumentException($"Node '{node.Id}' ({node.Operator}) needs members ≥ 2; got {members}.");
    }

    private sealed class Layer : GraphLayer
    {
        private readonly TorchSharp.Modules.Parameter scale;
        private readonly int members;
        private readonly int features;

        public Layer(string name, int members, int features)
            : base(name)
        {
            this.members = members;
            this.features = features;
            scale = nn.Parameter((rand(members, features) < 0.5).to_type(ScalarType.Float32) * 2 - 1);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            return (inputs[0].unsqueeze(1) * scale).reshape(-1, features).MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string row = onnx.AddNode("Unsqueeze", [inputs[0], onnx.AddInitializer($"{name}_axes", [1L], 1)], outputNameHint: $"{name}_row");
            string scaled = onnx.AddNode("Mul", [row, onnx.AddInitializer($"{name}_scale", Values(scale), members, features)], outputNameHint: $"{name}_members");
            return onnx.AddNode("Reshape", [scaled, onnx.AddInitializer($"{name}_shape", [-1L, features], 2)], outputNameHint: name);
        }
    }
}
