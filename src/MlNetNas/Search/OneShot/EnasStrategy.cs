using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// ENAS: after a warm-up on uniformly sampled paths (<see cref="OneShotOptions.WarmupFraction"/>), each weight step trains the
/// path of a cell the controller samples; after each epoch the controller takes
/// <see cref="OneShotOptions.ControllerSteps"/> REINFORCE steps, the reward being a sampled cell's accuracy on an
/// architecture batch less a moving-average baseline (decay 0.95), with a small entropy bonus (1e-4). The derived cell
/// is the best, on the architecture half, of <see cref="OneShotOptions.FinalSamples"/> samples and the greedy cell, among
/// those with at most <see cref="OneShotOptions.MaxSkipConnections"/> skip connections (uniform samples fill in when the
/// controller has collapsed to skip connections).
/// </summary>
internal sealed class EnasStrategy : ISupernetStrategy
{
    private const double BaselineDecay = 0.95;
    private const double EntropyWeight = 1e-4;
    private const int FinalEvaluationRows = 1024;
    private readonly CellSupernet supernet;
    private readonly WeightStep weights;
    private readonly EnasController controller;
    private readonly optim.Optimizer controllerOptimizer;
    private readonly OneShotOptions options;
    private readonly Device device;
    private readonly Random uniform;
    private double? baseline;
    private bool searching;

    public EnasStrategy(CellSupernet supernet, WeightStep weights, OneShotOptions options, Device device)
    {
        this.supernet = supernet;
        this.weights = weights;
        this.options = options;
        this.device = device;
        controller = new EnasController();
        controller.to(device);
        controllerOptimizer = optim.Adam(controller.parameters(), options.ArchitectureLearningRate);
        uniform = new Random(options.Seed);
    }

    public bool GuardsCollapse => false;

    public double FinalShare => 0;

    public void BeginEpoch(double progress) => searching = progress >= options.WarmupFraction;

    public Tensor Step(Tensor x, Tensor y, Tensor architectureX, Tensor architectureY)
    {
        int[] path;
        using (no_grad())
        {
            // During the warm-up every operation trains on uniformly sampled paths before the controller starts to favour any.
            path = searching ? controller.Sample(device).Path : UniformPath();
        }

        supernet.Mixing.UsePath(path);
        return weights.Run(x, y);
    }

    public CellArchitecture EndEpoch(SupernetData data)
    {
        if (!searching)
        {
            using var noGradient = no_grad();
            return ToCell(controller.Sample(device, greedy: true).Path);
        }

        controller.train();
        for (int s = 0; s < options.ControllerSteps; s++)
        {
            using var scope = NewDisposeScope();
            var (path, logProbability, entropy) = controller.Sample(device);
            var (ax, ay) = data.NextArchitectureBatch(options.BatchSize * 2);
            supernet.Mixing.UsePath(path);
            double reward = SupernetData.Accuracy(supernet, ax, ay);
            baseline = baseline is { } b ? (BaselineDecay * b) + ((1 - BaselineDecay) * reward) : reward;
            var loss = (-logProbability * (reward - baseline.Value)) - (EntropyWeight * entropy);
            controllerOptimizer.zero_grad();
            loss.sum().backward();
            controllerOptimizer.step();
        }

        using var noGrad = no_grad();
        return ToCell(controller.Sample(device, greedy: true).Path);
    }

    public CellArchitecture Final(SupernetData data)
    {
        using var noGrad = no_grad();
        // ENAS collapses on this space too (NAS-Bench-201 reports 53.89% for its cell): samples with more skip connections
        // than the limit are passed over while others come, up to ten times as many draws.
        var candidates = new List<int[]>();
        var greedy = controller.Sample(device, greedy: true).Path;
        if (ToCell(greedy).SkipConnections <= options.MaxSkipConnections)
        {
            candidates.Add(greedy);
        }

        for (int draw = 0; draw < options.FinalSamples * 10 && candidates.Count < options.FinalSamples; draw++)
        {
            var path = controller.Sample(device).Path;
            if (ToCell(path).SkipConnections <= options.MaxSkipConnections)
            {
                candidates.Add(path);
            }
        }

        // A controller that has collapsed leaves too few: uniformly sampled cells within the limit fill up (random search with shared weights).
        for (int draw = 0; draw < options.FinalSamples * 100 && candidates.Count < options.FinalSamples; draw++)
        {
            var path = UniformPath();
            if (ToCell(path).SkipConnections <= options.MaxSkipConnections)
            {
                candidates.Add(path);
            }
        }

        int[] best = candidates[0];
        double bestAccuracy = double.NegativeInfinity;
        foreach (var path in candidates.DistinctBy(p => string.Join(",", p)))
        {
            supernet.Mixing.UsePath(path);
            double accuracy = SupernetData.Accuracy(supernet, data.ArchitectureX, data.ArchitectureY, FinalEvaluationRows);
            if (accuracy > bestAccuracy)
            {
                (best, bestAccuracy) = (path, accuracy);
            }
        }

        return ToCell(best);
    }

    public void Dispose()
    {
        controllerOptimizer.Dispose();
        controller.Dispose();
    }

    private int[] UniformPath() => Enumerable.Range(0, CellArchitecture.Edges.Count).Select(_ => uniform.Next(CellArchitecture.Operations.Count)).ToArray();

    private static CellArchitecture ToCell(int[] path) => new(path.Select(k => CellArchitecture.Operations[k]).ToArray());
}
