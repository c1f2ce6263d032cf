using MlNetNas.Architectures.Operators;
using MlNetNas.Onnx;
using static TorchSharp.torch;

namespace MlNetNas.Architectures;

/// <summary>
/// The TorchSharp module of an <see cref="ArchitectureGraph"/>: one layer per node, evaluated in the
/// graph's order. <see cref="EmitOnnx"/> writes the same network, with its current weights, to ONNX.
/// </summary>
public sealed class GraphModule : nn.Module<Tensor, Tensor>
{
    private readonly List<(ArchitectureNode Node, GraphLayer Layer)> layers = new();

    /// <summary>Creates the module with freshly initialised weights (seed TorchSharp first for reproducibility).</summary>
    public GraphModule(ArchitectureGraph graph)
        : base("graph")
    {
        Graph = graph;
        foreach (var node in graph.Nodes)
        {
            var inputShapes = node.Inputs.Select(i => graph.Shapes[i]).ToArray();
            var layer = OperatorRegistry.Get(node.Operator).CreateLayer(node, inputShapes);
            register_module(node.Id, layer);
            layers.Add((node, layer));
        }
    }

    /// <summary>The architecture this module implements.</summary>
    public ArchitectureGraph Graph { get; }

    /// <summary>The layer of every node, in the graph's order.</summary>
    internal IEnumerable<GraphLayer> Layers => layers.Select(l => l.Layer);

    /// <summary>
    /// Makes the layers that draw random numbers while training (dropout) draw them from <paramref name="generator"/> (on
    /// the module's device) instead of TorchSharp's global generator, which trials training at once would share; null
    /// goes back to the global one.
    /// </summary>
    public void UseGenerator(Generator? generator)
    {
        foreach (var layer in layers.Select(l => l.Layer).OfType<IDrawsRandomness>())
        {
            layer.Generator = generator;
        }
    }

    /// <summary>Whether a layer takes constants from the training data (quantile bins, robust scales): see <see cref="FitToData"/>.</summary>
    public bool FitsToData => layers.Any(l => l.Layer is IFitsToData);

    /// <summary>
    /// Sets the constants that layers take from the training data from <paramref name="sample"/>, a batch of training
    /// inputs shaped as <see cref="forward"/> takes them: evaluates the graph in order, without gradients and in
    /// evaluation mode, up to the last such layer, and hands each of them the values that reach it. Trainers call it
    /// once, before the first step.
    /// </summary>
    public void FitToData(Tensor sample)
    {
        int last = layers.FindLastIndex(l => l.Layer is IFitsToData);
        if (last < 0)
        {
            return;
        }

        bool wasTraining = training;
        eval();
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [ArchitectureGraph.InputId] = sample };
            for (int i = 0; i <= last; i++)
            {
                var (node, layer) = layers[i];
                var inputs = node.Inputs.Select(input => values[input]).ToArray();
                if (layer is IFitsToData fits)
                {
                    fits.Fit(inputs[0]);
                }

                if (i < last)
                {
                    values[node.Id] = layer.forward(inputs);
                }
            }
        }

        train(wasTraining);
    }

    /// <summary>Runs the network on a batch shaped [batch, ...<see cref="ArchitectureGraph.InputShape"/>].</summary>
    public override Tensor forward(Tensor input)
    {
        // Intermediate values die with the caller's dispose scope; only the output is returned.
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [ArchitectureGraph.InputId] = input };
        foreach (var (node, layer) in layers)
        {
            values[node.Id] = layer.forward(node.Inputs.Select(i => values[i]).ToArray());
        }

        return values[Graph.Output];
    }

    /// <summary>Adds the network's nodes and weights to <paramref name="onnx"/>, reading <paramref name="inputName"/>; returns the output value's name.</summary>
    public string EmitOnnx(OnnxGraphBuilder onnx, string inputName)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [ArchitectureGraph.InputId] = inputName };
        foreach (var (node, layer) in layers)
        {
            names[node.Id] = layer.EmitOnnx(onnx, node.Inputs.Select(i => names[i]).ToArray());
        }

        return names[Graph.Output];
    }
}
