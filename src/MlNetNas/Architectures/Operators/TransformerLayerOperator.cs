using MlNetNas.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Architectures.Operators;

/// <summary>
/// One pre-norm transformer encoder layer over a sequence <c>[L, D]</c>, with the graph's token ids (second input)
/// masking padded keys: <c>x + Attention(LayerNorm(x))</c>, then <c>x + FeedForward(LayerNorm(x))</c> (ReLU between two
/// linear maps). Attributes: <c>heads</c> (dividing D), <c>ffn</c> (the feed-forward width), <c>p</c> (dropout on the
/// attention weights and both residual branches while training). ONNX: LayerNormalization, MatMul, Reshape, Transpose,
/// Softmax, Add: the opset 17 pieces of attention, no fused operator.
/// </summary>
internal sealed class TransformerLayerOperator : OperatorDefinition
{
    public override string Name => "transformer_layer";

    public override TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(node, inputs, 2);
        if (inputs[0].Dimensions.Count != 2 || inputs[1].Dimensions.Count != 1 || inputs[1].Width != inputs[0].Dimensions[0])
        {
            throw new ArgumentException($"Node '{node.Id}' (transformer_layer) reads a sequence [L, D] and its token ids [L]; got {inputs[0]} and {inputs[1]}.");
        }

        var (heads, ffn, _) = Settings(node);
        if (heads < 1 || inputs[0].Width % heads != 0 || ffn < 1)
        {
            throw new ArgumentException($"Node '{node.Id}' (transformer_layer) needs heads dividing the width {inputs[0].Width} and ffn ≥ 1; got {heads} heads, ffn {ffn}.");
        }

        return inputs[0];
    }

    public override long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        long d = inputs[0].Width;
        long ffn = Settings(node).Ffn;
        return (4 * ((d * d) + d)) + (d * ffn) + ffn + (ffn * d) + d + (4 * d);
    }

    public override GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs)
    {
        var (heads, ffn, p) = Settings(node);
        return new Layer(node.Id, inputs[0].Width, heads, ffn, p);
    }

    public override string Describe(ArchitectureNode node)
    {
        var (heads, ffn, _) = Settings(node);
        return $"transformer({heads} heads, ffn {ffn})";
    }

    private static (int Heads, int Ffn, double P) Settings(ArchitectureNode node) =>
        ((int)node.RequiredAttribute("heads"), (int)node.RequiredAttribute("ffn"), node.Attribute("p", 0.1));

    private sealed class Layer : GraphLayer, IDrawsRandomness
    {
        private readonly LayerNorm attentionNorm;
        private readonly Linear query;
        private readonly Linear key;
        private readonly Linear value;
        private readonly Linear projection;
        private readonly LayerNorm feedForwardNorm;
        private readonly Linear expand;
        private readonly Linear contract;
        private readonly int width;
        private readonly int heads;
        private readonly int ffn;
        private readonly double p;

        public Layer(string name, int width, int heads, int ffn, double p)
            : base(name)
        {
            (this.width, this.heads, this.ffn, this.p) = (width, heads, ffn, p);
            attentionNorm = nn.LayerNorm(width, eps: LayerNormOperator.Epsilon);
            query = nn.Linear(width, width);
            key = nn.Linear(width, width);
            value = nn.Linear(width, width);
            projection = nn.Linear(width, width);
            feedForwardNorm = nn.LayerNorm(width, eps: LayerNormOperator.Epsilon);
            expand = nn.Linear(width, ffn);
            contract = nn.Linear(ffn, width);
            RegisterComponents();
        }

        public Generator? Generator { get; set; }

        private int HeadWidth => width / heads;

        public override Tensor forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            var x = inputs[0];
            long rows = x.shape[0];
            long length = x.shape[1];
            var normed = attentionNorm.forward(x);
            Tensor Split(Linear map) => map.forward(normed).reshape(rows, length, heads, HeadWidth).transpose(1, 2);
            var q = Split(query);
            var k = Split(key);
            var v = Split(value);

            // [N, 1, 1, L]: 0 where a key holds a token, a very negative score at padding.
            var keyBias = ((1 - SequenceMask.Torch(inputs[1])) * SequenceMask.Excluded).unsqueeze(1).unsqueeze(1);
            var scores = (q.matmul(k.transpose(2, 3)) * (1.0 / Math.Sqrt(HeadWidth))) + keyBias;
            var attention = Dropout(scores.softmax(-1));
            var mixed = attention.matmul(v).transpose(1, 2).reshape(rows, length, width);
            var attended = x + Dropout(projection.forward(mixed));
            var hidden = nn.functional.relu(expand.forward(feedForwardNorm.forward(attended)));
            var result = attended + Dropout(contract.forward(hidden));
            return result.MoveToOuterDisposeScope();
        }

        public override string EmitOnnx(OnnxGraphBuilder onnx, IReadOnlyList<string> inputs)
        {
            string name = GetName();
            string x = inputs[0];
            string normed = Norm(onnx, attentionNorm, x, $"{name}_attention_norm");
            string headShape = onnx.AddInitializer($"{name}_head_shape", [0L, 0L, heads, HeadWidth], 4);
            var toHeads = new Dictionary<string, object> { ["perm"] = new long[] { 0, 2, 1, 3 } };
            string Split(Linear map, string part) =>
                onnx.AddNode("Transpose", [onnx.AddNode("Reshape", [Map(onnx, map, normed, $"{name}_{part}"), headShape])], toHeads, $"{name}_{part}_heads");
            string q = Split(query, "query");
            string k = Split(key, "key");
            string v = Split(value, "value");

            string mask = SequenceMask.Onnx(onnx, inputs[1], name);
            string padding = onnx.AddNode("Sub", [onnx.AddInitializer($"{name}_one", [1f], 1), mask]);
            string bias = onnx.AddNode("Mul", [padding, onnx.AddInitializer($"{name}_excluded", [SequenceMask.Excluded], 1)]);
            string keyBias = onnx.AddNode("Unsqueeze", [bias, onnx.AddInitializer($"{name}_bias_axes", [1L, 2L], 2)], outputNameHint: $"{name}_key_bias");
            string keysT = onnx.AddNode("Transpose", [k], new Dictionary<string, object> { ["perm"] = new long[] { 0, 1, 3, 2 } });
            string raw = onnx.AddNode("MatMul", [q, keysT]);
            string scaled = onnx.AddNode("Mul", [raw, onnx.AddInitializer($"{name}_scale", [(float)(1.0 / Math.Sqrt(HeadWidth))], 1)]);
            string attention = onnx.AddNode("Softmax", [onnx.AddNode("Add", [scaled, keyBias])], new Dictionary<string, object> { ["axis"] = -1L }, $"{name}_attention");
            string mixedHeads = onnx.AddNode("Transpose", [onnx.AddNode("MatMul", [attention, v])], toHeads);
            string mixed = onnx.AddNode("Reshape", [mixedHeads, onnx.AddInitializer($"{name}_model_shape", [0L, 0L, width], 3)]);
            string attended = onnx.AddNode("Add", [x, Map(onnx, projection, mixed, $"{name}_projection")], outputNameHint: $"{name}_attended");
            string expanded = onnx.AddNode("Relu", [Map(onnx, expand, Norm(onnx, feedForwardNorm, attended, $"{name}_ffn_norm"), $"{name}_expand")]);
            return onnx.AddNode("Add", [attended, Map(onnx, contract, expanded, $"{name}_contract")], outputNameHint: name);
        }

        private Tensor Dropout(Tensor input) => DropoutOperator.Apply(input, p, training, Generator);

        // A linear map over the last axis of a [N, L, in] value: MatMul with the transposed weight, then the bias.
        private static string Map(OnnxGraphBuilder onnx, Linear map, string input, string name)
        {
            long outputs = map.weight!.shape[0];
            long inputsCount = map.weight.shape[1];
            string weight = onnx.AddInitializer($"{name}_weight", Values(map.weight.t()), inputsCount, outputs);
            string product = onnx.AddNode("MatMul", [input, weight]);
            return onnx.AddNode("Add", [product, onnx.AddInitializer($"{name}_bias", Values(map.bias!), outputs)], outputNameHint: name);
        }

        private static string Norm(OnnxGraphBuilder onnx, LayerNorm norm, string input, string name) => LayerNormOperator.EmitOnnx(onnx, norm, input, name);
    }
}
