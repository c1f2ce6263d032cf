using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using Xunit;

namespace MlNetNas.Tests.Architectures;

using MlNetNas.SearchSpace;

/// <summary>The sequence operators and whole text encoders: ONNX Runtime's output equals TorchSharp's within 1e-4, padding included.</summary>
[Collection(TorchCollection.Name)]
public sealed class TextOperatorParityTests
{
    private const int Length = 9;
    private const int Vocabulary = 13;

    public static TheoryData<string, string> SequenceOperators => new()
    {
        { "conv1d", "channels=5,kernel=3" },
        { "conv1d", "channels=4,kernel=5,dilation=2" },
        { "sequence_pool", "mode=0" },
        { "sequence_pool", "mode=1" },
        { "sequence_pool", "mode=2" },
        { "transformer_layer", "heads=2,ffn=12,p=0.1" },
        { "layer_norm", string.Empty },
        { "relu", string.Empty },
    };

    [Theory]
    [MemberData(nameof(SequenceOperators))]
    public void SequenceOperator_OnnxMatchesTorchSharp(string op, string attributes)
    {
        var parsed = attributes.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Split('='))
            .ToDictionary(a => a[0], a => double.Parse(a[1], System.Globalization.CultureInfo.InvariantCulture));
        string[] inputs = op is "sequence_pool" or "transformer_layer" ? ["embedded", ArchitectureGraph.InputId] : ["embedded"];
        var graph = new ArchitectureGraph(
            new TensorShape(Length),
            [
                new ArchitectureNode("embedded", "embedding", [ArchitectureGraph.InputId], new Dictionary<string, double> { ["vocabulary"] = Vocabulary, ["dim"] = 6 }),
                new ArchitectureNode("n", op, inputs, parsed),
            ],
            "n");
        OnnxParity.Assert(graph, seed: 21, makeInput: TokenRows);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Embedding_OnnxMatchesTorchSharp(int positions)
    {
        var graph = new ArchitectureGraph(
            new TensorShape(Length),
            [new ArchitectureNode("n", "embedding", [ArchitectureGraph.InputId], new Dictionary<string, double> { ["vocabulary"] = Vocabulary, ["dim"] = 4, ["positions"] = positions })],
            "n");
        OnnxParity.Assert(graph, seed: 22, makeInput: TokenRows);
    }

    [Fact]
    public void SampledEncoders_OnnxMatchesTorchSharp()
    {
        var family = new TextEncoderFamily();
        var input = InputSpec.Tokens(Length, Vocabulary);
        var space = family.CreateSearchSpace(input);
        var random = new Random(5);
        var kinds = new HashSet<TextEncoderKind>();
        for (int i = 0; i < 8; i++)
        {
            var design = (TextEncoderOptions)family.ToDesign(space.Sample(random));
            // Small widths keep the test fast; the structure is what is sampled.
            design = design with { EmbeddingDim = 8, ConvChannels = 6 };
            kinds.Add(design.Encoder);
            OnnxParity.Assert(design.Build(input, 3), seed: 30 + i, makeInput: TokenRows);
        }

        Assert.Equal(3, kinds.Count);
    }

    [Fact]
    public void EncodersWithOtherFeatures_OnnxMatchesTorchSharp()
    {
        const int features = 3;
        var input = InputSpec.Tokens(Length, Vocabulary, features);
        foreach (var encoder in Enum.GetValues<TextEncoderKind>())
        {
            var graph = new TextEncoderOptions { Encoder = encoder, EmbeddingDim = 8, ConvChannels = 6, TransformerLayers = 1, Heads = 2 }.Build(input, 2);
            Assert.Contains(graph.Nodes, n => n.Operator == "concat");
            OnnxParity.Assert(graph, seed: 40 + (int)encoder, makeInput: (random, rows) =>
            {
                float[] ids = TokenRows(random, rows);
                return Enumerable.Range(0, rows).SelectMany(r => ids.Skip(r * Length).Take(Length).Concat(Enumerable.Range(0, features).Select(_ => (float)(random.NextDouble() * 4) - 2))).ToArray();
            });
        }
    }

    [Fact]
    public void PoolingIgnoresPaddingAndTokensBeyondTheSequence()
    {
        var graph = new TextEncoderOptions { Encoder = TextEncoderKind.Bag, Pooling = SequencePooling.MeanMax, Dropout = 0, EmbeddingDropout = 0 }
            .Build(InputSpec.Tokens(Length, Vocabulary), 2);
        using var module = new GraphModule(graph);
        module.eval();
        using var scope = TorchSharp.torch.NewDisposeScope();
        float[] rows = [3, 4, 0, 0, 0, 0, 0, 0, 0, /* twice as many tokens, the same mean and max */ 4, 3, 3, 4, 0, 0, 0, 0, 0];
        var output = module.forward(TorchSharp.torch.tensor(rows, [2L, Length])).data<float>().ToArray();
        // Counting padding in the mean would halve the first row's mean against the second's.
        Assert.Equal(output[0], output[2], 5);
        Assert.Equal(output[1], output[3], 5);
    }

    // Rows of token ids: a random number of tokens (none in the first row) in 1..V-1, then padding.
    private static float[] TokenRows(Random random, int rows)
    {
        var values = new float[rows * Length];
        for (int r = 0; r < rows; r++)
        {
            int tokens = r == 0 ? 0 : random.Next(1, Length + 1);
            for (int i = 0; i < tokens; i++)
            {
                values[(r * Length) + i] = random.Next(1, Vocabulary);
            }
        }

        return values;
    }
}
