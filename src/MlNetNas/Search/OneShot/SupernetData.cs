using MlNetNas.Architectures;
using MlNetNas.Architectures.OneShot;
using MlNetNas.Training;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// The rows of a one-shot search on the device: the training rows split in a seeded half for the shared weights and
/// a half for the architecture (as DARTS splits CIFAR-10's training set), and the experiment's validation rows, which
/// only the final estimate reads.
/// </summary>
internal sealed class SupernetData : IDisposable
{
    // A mixture's forward keeps every candidate's values of the batch alive until it ends: 256 rows cost DARTS ~0.5 GB.
    private const int EvaluationBatch = 64;
    private readonly Random order;
    private long[] architectureOrder;
    private int architectureNext;

    public SupernetData(TrainingData train, TrainingData validation, InputSpec input, Device device, int seed)
    {
        if (train.Rows < 4 || validation.Rows < 1)
        {
            throw new ArgumentException($"A one-shot search needs at least 4 training rows and 1 validation row; got {train.Rows} and {validation.Rows}.");
        }

        order = new Random(seed);
        int[] rows = Enumerable.Range(0, train.Rows).ToArray();
        order.Shuffle(rows);
        int half = train.Rows / 2;
        (WeightX, WeightY) = Select(train, rows[..half], input, device);
        (ArchitectureX, ArchitectureY) = Select(train, rows[half..], input, device);
        (ValidationX, ValidationY) = Select(validation, Enumerable.Range(0, validation.Rows).ToArray(), input, device);
        Device = device;
        architectureOrder = Permutation(ArchitectureRows);
    }

    public Device Device { get; }

    public Tensor WeightX { get; }

    public Tensor WeightY { get; }

    public Tensor ArchitectureX { get; }

    public Tensor ArchitectureY { get; }

    public Tensor ValidationX { get; }

    public Tensor ValidationY { get; }

    public int WeightRows => (int)WeightX.shape[0];

    public int ArchitectureRows => (int)ArchitectureX.shape[0];

    /// <summary>A seeded order of the weight half for one epoch.</summary>
    public long[] WeightOrder() => Permutation(WeightRows);

    /// <summary>The next batch of the architecture half, cycling through it in seeded orders.</summary>
    public (Tensor X, Tensor Y) NextArchitectureBatch(int size)
    {
        size = Math.Min(size, ArchitectureRows);
        if (architectureNext + size > architectureOrder.Length)
        {
            architectureOrder = Permutation(ArchitectureRows);
            architectureNext = 0;
        }

        using var index = tensor(architectureOrder.AsSpan(architectureNext, size).ToArray(), device: Device);
        architectureNext += size;
        return (ArchitectureX.index_select(0, index), ArchitectureY.index_select(0, index));
    }

    /// <summary>
    /// The accuracy of the supernet's current mixing on <paramref name="x"/> (at most <paramref name="maxRows"/> rows), with
    /// batch statistics: a path's own statistics, since the running ones mix every path the search trained.
    /// </summary>
    public static double Accuracy(CellSupernet supernet, Tensor x, Tensor y, int maxRows = int.MaxValue)
    {
        using var noGrad = no_grad();
        supernet.Module.train();
        long rows = Math.Min(x.shape[0], maxRows);
        long correct = 0;
        long seen = 0;
        for (long start = 0; start < rows; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            long size = Math.Min(EvaluationBatch, rows - start);
            if (size < 2 && start > 0)
            {
                break;
            }

            var predicted = supernet.Forward(x.narrow(0, start, size)).argmax(1);
            correct += predicted.eq(y.narrow(0, start, size)).sum().item<long>();
            seen += size;
        }

        return correct / (double)seen;
    }

    public void Dispose()
    {
        foreach (var t in new[] { WeightX, WeightY, ArchitectureX, ArchitectureY, ValidationX, ValidationY })
        {
            t.Dispose();
        }
    }

    private long[] Permutation(int rows)
    {
        long[] p = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        order.Shuffle(p);
        return p;
    }

    private static (Tensor X, Tensor Y) Select(TrainingData data, int[] rows, InputSpec input, Device device)
    {
        var features = new float[(long)rows.Length * data.Width];
        var targets = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(data.Features, (long)rows[i] * data.Width, features, (long)i * data.Width, data.Width);
            targets[i] = (long)data.Targets[rows[i]];
        }

        return (tensor(features, input.BatchShape(rows.Length), device: device), tensor(targets, device: device));
    }
}
