using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The output side of a batch ensemble opened by <see cref="EnsembleForkOperator"/>: member <c>m</c>'s rows of
/// <c>[N·k, h]</c> go through its own linear head to <c>units</c> outputs. While training the result is
/// <c>[N, k, units]</c>, so that the loss trains every member on its own predictions (TabM's mean of the members' losses);
/// in evaluation it is the members' mean, <c>[N, units]</c> (logits averaged for classification, values for regression).
/// Attributes: <c>units</c>, <c>members</c> (k of the fork). ONNX: the mean of k linear maps of the k slices is one
/// linear map of the row's k slices side by side, so Reshape to <c>[N, k·h]</c> and one Gemm with the heads' weights
/// stacked and divided by k.
/// </summary>
internal sealed class EnsembleHeadOperator : OperatorDefinition
{
    public override string Name => "ensemble_head";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectOneVector(node, inputs, "needs a vector input");
        _ = EnsembleForkOperator.Members(node);
        return new TensorShape(Units(node));
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        (long)EnsembleForkOperator.Members(node) * Units(node) * (inputs[0].Width + 1);

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) =>
        new Layer(node.Id, EnsembleForkOperator.Members(node), inputs[0].Width, Units(node));

    public override string Describe(ArchitectureNode node) => $"ensemble_head({EnsembleForkOperator.Members(node)}x{Units(node)})";

    private static int Units(ArchitectureNode node)
    {
        int units = (int)node.RequiredAttribute("units");
        return units > 0 ? units : throw new ArgumentException($"Node '{node.Id}' (ensemble_head) needs units > 0; got {units}.");
    }

    private sealed class Layer : GraphLayer
    {
        private readonly TorchSharp.Modules.Parameter weight;
        private readonly TorchSharp.Modules.Parameter bias;
        private readonly int members;
        private readonly int width;
        private readonly int units;

        public Layer(string name, int members, int width, int units)
            : base(name)
        {
            this.members = members;
            this.width = width;
            this.units = units;

            // Each head initialised as nn.Linear(width, units) would be: U(-1/√width, 1/√width).
            double bound = 1 / Math.Sqrt(width);
            weight = nn.Parameter((rand(members, width, units) * 2 - 1) * bound);
            bias = nn.Parameter((rand(members, 1, units) * 2 - 1) * bound);
            RegisterComponents();
        }

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var byMember = inputs[0].reshape(-1, members, width).transpose(0, 1); // [k, N, h]
            var outputs = matmul(byMember, weight) + bias;                       // [k, N, units]
            return (training ? outputs.transpose(0, 1) : outputs.mean([0])).MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string rows = onnx.AddNode("Reshape", [inputs[0], onnx.AddInitializer($"{name}_shape", [-1L, (long)members * width], 2)], outputNameHint: $"{name}_rows");
            float[] stacked = Values(weight).Select(w => w / members).ToArray();
            float[] meanBias = new float[units];
            float[] biases = Values(bias);
            for (int m = 0; m < members; m++)
            {
                for (int u = 0; u < units; u++)
                {
                    meanBias[u] += biases[(m * units) + u] / members;
                }
            }

            return onnx.AddNode(
                "Gemm",
                [rows, onnx.AddInitializer($"{name}_weight", stacked, members * width, units), onnx.AddInitializer($"{name}_bias", meanBias, units)],
                outputNameHint: name);
        }
    }
}
