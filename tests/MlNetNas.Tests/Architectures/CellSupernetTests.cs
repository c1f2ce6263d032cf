using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using MlNetNas.Architectures.Operators;
using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

[Collection(TorchCollection.Name)]
public sealed class CellSupernetTests
{
    private static readonly CellOptions Skeleton = new() { StemChannels = 4, CellsPerStage = 1 };

    [Fact]
    public void Derive_HandSetWeights_GiveTheStrongestOperationOfEachEdge()
    {
        // edges 1←0, 2←0, 2←1, 3←0, 3←1, 3←2; operations none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3
        using var weights = ArchitectureWeights.FromValues(new float[,]
        {
            { 0, 0, 0, 5, 0 },
            { 0, 0, 4, 1, 0 },
            { 0, 2, 0, 0, 1 },
            { 9, 0, 0, 0, 3 }, // none is strongest: DARTS's rule takes the strongest other operation
            { 0, 0, 0, 0, 1 },
            { 0, 0, 0, 7, 0 },
        });

        Assert.Equal("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|avg_pool_3x3~1|nor_conv_3x3~2|", weights.Derive().ToString());
        Assert.Equal("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|", weights.Derive(excludeNone: false).ToString());
    }

    [Fact]
    public void Derive_GivesTheOrdinaryGraphOfTheCell_WithoutMixedNodes()
    {
        var input = InputSpec.Image(1, 8, 8);
        using var supernet = new CellSupernet(input, 10, Skeleton);
        var cell = CellArchitecture.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");

        var derived = supernet.Derive(cell);

        Assert.Equal(CellFamily.Build(input, 10, Skeleton with { Cell = cell }), derived);
        Assert.DoesNotContain(derived.Nodes, n => n.Operator == "mixed_edge");
        Assert.Equal(18, supernet.Graph.Nodes.Count(n => n.Operator == "mixed_edge")); // 3 stages × 1 cell × 6 edges
    }

    [Fact]
    public void MixedEdge_WeightedForward_IsTheWeightedSumOfItsCandidates()
    {
        random.manual_seed(5);
        var shape = new TensorShape(3, 5, 5);
        var node = new ArchitectureNode("e", "mixed_edge", ["input"], new Dictionary<string, double> { ["edge"] = 2 });
        using var layer = (MixedEdgeOperator.Layer)OperatorRegistry.Get("mixed_edge").CreateLayer(node, [shape]);
        layer.eval();
        var mixing = new SupernetMixing();
        layer.Mixing = mixing;
        using var x = randn(4, 3, 5, 5);
        using var weights = nn.functional.softmax(randn(6, 5), 1);

        mixing.UseWeights(weights);
        using var mixed = layer.forward([x]);
        Assert.Equal(4, layer.LastEvaluated); // none adds nothing and is not evaluated

        using var expected = zeros_like(x);
        for (int k = 0; k < CellArchitecture.Operations.Count; k++)
        {
            mixing.UsePath([k, k, k, k, k, k]);
            expected.add_(layer.forward([x]) * weights[2, k]);
            Assert.Equal(1, layer.LastEvaluated);
        }

        Assert.True(mixed.allclose(expected, rtol: 1e-5, atol: 1e-6), "the mixed output differs from the weighted sum of the candidates");
    }

    [Fact]
    public void SampledPath_EvaluatesOneOperationPerEdge_AndTheMixtureAllButNone()
    {
        random.manual_seed(2);
        using var supernet = new CellSupernet(InputSpec.Image(1, 8, 8), 10, Skeleton);
        using var x = randn(2, 1, 8, 8);

        supernet.Mixing.UsePath([3, 1, 2, 4, 0, 3]);
        using (var y = supernet.Forward(x))
        {
            Assert.Equal(1, supernet.OperationsEvaluatedPerEdge);
            Assert.Equal([2L, 10L], y.shape);
        }

        using var weights = full(6, 5, 0.2f);
        supernet.Mixing.UseWeights(weights);
        using var z = supernet.Forward(x);
        Assert.Equal(4, supernet.OperationsEvaluatedPerEdge);
    }

    [Fact]
    public void SupernetPath_OfACell_ComputesWhatTheDerivedNetworkComputes_WithTheSameWeights()
    {
        random.manual_seed(3);
        var input = InputSpec.Image(1, 8, 8);
        using var supernet = new CellSupernet(input, 10, Skeleton);
        var cell = CellArchitecture.Parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|");
        using var derived = new GraphModule(supernet.Derive(cell));
        using (no_grad())
        {
            // Copy the chosen candidates' weights into the derived network: the supernet's "s0c0_e10.nor_conv_3x3.op_conv..." is the derived "s0c0_e10_conv...".
            var shared = supernet.Module.state_dict();
            foreach (var (name, value) in derived.state_dict())
            {
                string source = SharedName(name, cell);
                value.copy_(shared[source]);
            }
        }

        supernet.Module.eval();
        derived.eval();
        supernet.Mixing.UseCell(cell);
        using var x = randn(3, 1, 8, 8);
        using var a = supernet.Forward(x);
        using var b = derived.forward(x);
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5), "the supernet's path and the derived network disagree");
    }

    [Fact]
    public void MixedEdge_HasNoOnnxForm_AndSaysToDeriveFirst()
    {
        using var supernet = new CellSupernet(InputSpec.Image(1, 8, 8), 10, Skeleton);
        var onnx = new OnnxGraphBuilder();
        string input = InputSpec.Image(1, 8, 8).DeclareOnnx(onnx, "x");
        var error = Assert.Throws<InvalidOperationException>(() => supernet.Module.EmitOnnx(onnx, input));
        Assert.Contains("derive", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The supernet's name of a derived network's parameter: edge nodes "{cell}_e{j}{i}_{conv|bn}" live in the mixed edge's candidate.</summary>
    private static string SharedName(string derivedName, CellArchitecture cell)
    {
        var match = System.Text.RegularExpressions.Regex.Match(derivedName, @"^(s\dc\d_e(\d)(\d))_(conv|bn)\.(.*)$");
        if (!match.Success)
        {
            return derivedName;
        }

        int k = CellArchitecture.EdgeIndex(int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
        return $"{match.Groups[1].Value}.{cell.EdgeOperations[k]}.op_{match.Groups[4].Value}.{match.Groups[5].Value}";
    }
}
