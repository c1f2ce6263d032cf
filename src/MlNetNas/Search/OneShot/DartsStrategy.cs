using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// First-order DARTS: every edge is the softmax-weighted sum of its candidates; each step updates the architecture
/// logits on an architecture batch (<see cref="ArchitectureWeights.CreateOptimizer"/>) and then the shared weights
/// on a weight batch with the mixture held fixed (after a warm-up of weight steps alone, <see cref="OneShotOptions.WarmupFraction"/>).
/// The search stops early on the collapse guard (<see cref="DerivationGuard"/>, on the logits' argmax); the cell is chosen by
/// perturbation (<see cref="PerturbationSelection"/>), with at most <see cref="OneShotOptions.MaxSkipConnections"/> skip connections.
/// </summary>
internal sealed class DartsStrategy : ISupernetStrategy
{
    private readonly CellSupernet supernet;
    private readonly WeightStep weights;
    private readonly ArchitectureWeights alpha;
    private readonly optim.Optimizer architectureOptimizer;
    private readonly int maxSkip;
    private readonly int maxFree;
    private readonly double warmup;
    private bool searching;

    public DartsStrategy(CellSupernet supernet, WeightStep weights, OneShotOptions options, Device device)
    {
        this.supernet = supernet;
        this.weights = weights;
        maxSkip = options.MaxSkipConnections;
        maxFree = options.MaxParameterFreeEdges;
        warmup = options.WarmupFraction;
        alpha = ArchitectureWeights.Initial(device);
        architectureOptimizer = alpha.CreateOptimizer(options.ArchitectureLearningRate);
    }

    public bool GuardsCollapse => true;

    public void BeginEpoch(double progress) => searching = progress >= warmup;

    public Tensor Step(Tensor x, Tensor y, Tensor architectureX, Tensor architectureY)
    {
        supernet.Module.train();
        if (searching)
        {
            architectureOptimizer.zero_grad();
            supernet.Mixing.UseWeights(alpha.Probabilities());
            nn.functional.cross_entropy(supernet.Forward(architectureX), architectureY).backward();
            architectureOptimizer.step();
        }

        supernet.Mixing.UseWeights(alpha.Probabilities().detach());
        return weights.Run(x, y);
    }

    public CellArchitecture EndEpoch(SupernetData data) => alpha.Derive();

    public double FinalShare => 0.15;

    public CellArchitecture Final(SupernetData data)
    {
        using var probabilities = alpha.Probabilities();
        return PerturbationSelection.Select(supernet, probabilities, data, maxSkip, maxFree);
    }

    public void Dispose()
    {
        architectureOptimizer.Dispose();
        alpha.Dispose();
    }
}
