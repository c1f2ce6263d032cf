using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// GDAS: each forward samples one operation per edge from a Gumbel-softmax over the architecture logits and evaluates
/// only that one, its output scaled by the straight-through gate (1 in value, the soft sample's gradient), so memory
/// stays that of one ordinary network. The temperature falls linearly (10 to 0.1 by default) over the planned epochs;
/// the weights train on weight batches and the logits on architecture batches, each with its own sample (the logits from
/// the end of the warm-up, <see cref="OneShotOptions.WarmupFraction"/>, until which paths are sampled uniformly).
/// </summary>
internal sealed class GdasStrategy : ISupernetStrategy
{
    private readonly CellSupernet supernet;
    private readonly WeightStep weights;
    private readonly ArchitectureWeights alpha;
    private readonly optim.Optimizer architectureOptimizer;
    private readonly (double Start, double End) temperatures;
    private readonly int maxSkip;
    private readonly int maxFree;
    private readonly double warmup;
    private bool searching;
    private double temperature;

    public GdasStrategy(CellSupernet supernet, WeightStep weights, OneShotOptions options, Device device)
    {
        this.supernet = supernet;
        this.weights = weights;
        temperatures = options.GumbelTemperature;
        maxSkip = options.MaxSkipConnections;
        maxFree = options.MaxParameterFreeEdges;
        warmup = options.WarmupFraction;
        temperature = temperatures.Start;
        alpha = ArchitectureWeights.Initial(device);
        architectureOptimizer = alpha.CreateOptimizer(options.ArchitectureLearningRate);
    }

    public bool GuardsCollapse => false;

    public double FinalShare => 0;

    public void BeginEpoch(double progress)
    {
        searching = progress >= warmup;
        temperature = temperatures.Start - ((temperatures.Start - temperatures.End) * Math.Clamp(progress, 0, 1));
    }

    public Tensor Step(Tensor x, Tensor y, Tensor architectureX, Tensor architectureY)
    {
        supernet.Module.train();
        int[] path;
        if (searching)
        {
            architectureOptimizer.zero_grad();
            (path, var gates) = GumbelSample.Hard(alpha.Logits, temperature);
            supernet.Mixing.UsePath(path, gates);
            nn.functional.cross_entropy(supernet.Forward(architectureX), architectureY).backward();
            architectureOptimizer.step();
        }

        using (no_grad())
        {
            (path, _) = GumbelSample.Hard(alpha.Logits, temperature);
        }

        supernet.Mixing.UsePath(path);
        return weights.Run(x, y);
    }

    public CellArchitecture EndEpoch(SupernetData data) => alpha.Derive();

    public CellArchitecture Final(SupernetData data) => alpha.Derive(maxSkipConnections: maxSkip, maxParameterFree: maxFree);

    public void Dispose()
    {
        architectureOptimizer.Dispose();
        alpha.Dispose();
    }
}
