using MlNetNas.Architectures;
using MlNetNas.Training;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNas.Tests.Architectures;

/// <summary>Robust scaling inside the network: its fitted centre and scale, its fallbacks, and ONNX parity.</summary>
[Collection(TorchCollection.Name)]
public sealed class RobustScaleTests
{
    [Fact]
    public void Fitting_CentresOnTheMedian_AndDividesByTheInterquartileRange_WhateverTheOutliers()
    {
        // Column 0: 1, 2, 3, 4, 5 and an outlier; column 1: mostly zero (IQR 0: half the range); column 2: constant.
        float[] rows =
        [
            1, 0, 7,
            2, 0, 7,
            3, 0, 7,
            4, 0, 7,
            5, 0, 7,
            1000, 4, 7,
        ];
        float[] scaled = Scale(rows, 6, [3, 0, 7, 1000, 4, 7]);
        // Column 0: median 3.5, quartiles 2.25 and 4.75 (interpolated), so (3 - 3.5) / 2.5 and (1000 - 3.5) / 2.5.
        Assert.Equal(-0.2f, scaled[0], 1e-5f);
        Assert.Equal(398.6f, scaled[3], 1e-2f);
        // Column 1: median 0, range 4, so x / 2.
        Assert.Equal(0f, scaled[1]);
        Assert.Equal(2f, scaled[4], 1e-6f);
        // Column 2: centred, no scale to divide by.
        Assert.Equal(0f, scaled[2]);
        Assert.Equal(0f, scaled[5]);
    }

    [Fact]
    public void ItIsAffineInvariant_SoTheNormalizerBeforeItDoesNotMatter()
    {
        var random = new Random(5);
        float[] raw = Enumerable.Range(0, 200).Select(_ => (float)Math.Exp(random.NextDouble() * 3)).ToArray();
        float[] moved = raw.Select(v => (v * 0.01f) - 4).ToArray();
        float[] a = Scale(raw, 200, raw.Take(10).ToArray());
        float[] b = Scale(moved, 200, moved.Take(10).ToArray());
        Assert.Equal(a, b, new FloatTolerance(1e-3));
    }

    [Fact]
    public void Operator_OnnxMatchesTorchSharp_AfterFitting()
    {
        var graph = new ArchitectureGraph(new TensorShape(5), [new ArchitectureNode("robust", "robust_scale", [ArchitectureGraph.InputId])], "robust");
        Assert.Equal(0, graph.ParameterCount);
        OnnxParity.Assert(graph, seed: 46, makeInput: (random, rows) => Enumerable.Range(0, rows * 5).Select(i => (float)((random.NextDouble() * (1 + i % 5)) + (i % 5))).ToArray());
    }

    [Fact]
    public void ItsConstants_MoveWithTheModule()
    {
        TorchSharpRuntime.EnsureLoadable();
        var graph = new ArchitectureGraph(new TensorShape(2), [new ArchitectureNode("robust", "robust_scale", [ArchitectureGraph.InputId])], "robust");
        using var module = new GraphModule(graph);
        using (var scope = NewDisposeScope())
        {
            module.FitToData(tensor(new float[] { 1, 10, 2, 20, 3, 30, 4, 40 }, [4, 2]));
        }

        Assert.Equal(["robust.center", "robust.inverseScale"], module.state_dict().Keys.Order(StringComparer.Ordinal));
        EmbeddingChecks.AssertMovesWithTheModule(module);
    }

    [Fact]
    public void AWideVector_GoesInUnscaled()
    {
        var options = new MlNetNas.Architectures.Families.MlpOptions { HiddenWidths = [4], RobustScale = true };
        int widest = MlNetNas.Architectures.Families.MlpFamily.MaxEmbeddedFeatures;
        Assert.Contains(MlNetNas.Architectures.Families.MlpFamily.Build(widest, 2, options).Nodes, n => n.Operator == "robust_scale");
        Assert.DoesNotContain(MlNetNas.Architectures.Families.MlpFamily.Build(widest + 1, 2, options).Nodes, n => n.Operator == "robust_scale");
    }

    private static float[] Scale(float[] fitRows, int rows, float[] input)
    {
        TorchSharpRuntime.EnsureLoadable();
        int width = fitRows.Length / rows;
        var graph = new ArchitectureGraph(new TensorShape(width), [new ArchitectureNode("robust", "robust_scale", [ArchitectureGraph.InputId])], "robust");
        using var module = new GraphModule(graph);
        using var scope = NewDisposeScope();
        module.FitToData(tensor(fitRows, [rows, width]));
        module.eval();
        return module.forward(tensor(input, [input.Length / width, width])).data<float>().ToArray();
    }
}
