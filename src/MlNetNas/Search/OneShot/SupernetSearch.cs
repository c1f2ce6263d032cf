using System.Diagnostics;
using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using MlNetNas.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// A one-shot search of the NAS-Bench-201 cell space: trains one <see cref="CellSupernet"/> with ENAS, DARTS or GDAS
/// on half of the training rows (the other half drives the architecture) and derives one cell. The shared weights take
/// AdamW with a cosine schedule planned, after each of the first three epochs, to end within the time budget. DARTS stops
/// early when its cell holds more than <see cref="OneShotOptions.MaxSkipConnections"/> skip connections (its collapse on
/// NAS-Bench-201; DARTS+'s stop) or has not changed for <see cref="OneShotOptions.StablePatience"/> epochs
/// (<see cref="DerivationGuard"/>); no method's final cell keeps more skip connections than that limit. The result's
/// estimate is the derived path's accuracy
/// on the validation rows with the shared weights; retraining it from scratch is the caller's ordinary trial.
/// </summary>
public static class SupernetSearch
{
    private const int ReplanEpochs = 3;

    /// <summary>Runs the search on image examples of <paramref name="input"/> with <paramref name="classes"/> classes (targets are class indices).</summary>
    /// <param name="input">The image shape.</param>
    /// <param name="classes">The number of classes (at least 2).</param>
    /// <param name="train">Training rows; half train the shared weights, half the architecture.</param>
    /// <param name="validation">Held-out rows for the final estimate only.</param>
    /// <param name="options">The method and its settings.</param>
    /// <param name="isOutOfTime">Checked after every step (an experiment's deadline); null for none.</param>
    /// <param name="cancellationToken">Stops the search with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The input is not an image, there are fewer than 2 classes, or the options are out of range.</exception>
    /// <exception cref="TrainingDivergedException">The shared weights' loss became NaN or infinite.</exception>
    public static OneShotResult Run(InputSpec input, int classes, TrainingData train, TrainingData validation, OneShotOptions options, Func<bool>? isOutOfTime = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (!input.IsImage || classes < 2)
        {
            throw new ArgumentException($"A one-shot search needs image inputs [C, H, W] and at least 2 classes; got {input.Shape} and {classes} classes.");
        }

        if (train.Width != input.FlatWidth || validation.Width != input.FlatWidth)
        {
            throw new ArgumentException($"The images hold {input.FlatWidth} values; the data has {train.Width} (train) and {validation.Width} (validation) per row.");
        }

        var clock = Stopwatch.StartNew();
        using var memory = new PeakMemorySampler();
        var device = DeviceSelector.Resolve(options.Device);
        if (device.type == DeviceType.CPU)
        {
            set_num_threads(options.CpuThreads);
        }

        random.manual_seed(options.Seed);
        using var data = new SupernetData(train, validation, input, device, options.Seed);
        using var supernet = new CellSupernet(input, classes, options.Skeleton);
        supernet.Module.to(device);
        using var optimizer = optim.AdamW(supernet.Module.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        using var strategy = Create(options, supernet, new WeightStep(supernet, optimizer), device);

        // The budget ends the search after the step that crosses it, as an experiment's deadline does; a share stays for the final selection.
        var trainingBudget = options.TimeBudget * (1 - strategy.FinalShare);
        bool OutOfTime() => isOutOfTime?.Invoke() == true || (trainingBudget is { } b && clock.Elapsed >= b);
        var guard = strategy.GuardsCollapse ? new DerivationGuard(options.MaxSkipConnections, options.MinEpochs, options.StablePatience) : null;
        var cells = new List<CellArchitecture>();
        int planned = options.MaxEpochs;
        int batch = Math.Min(options.BatchSize, data.WeightRows);
        string? stop = null;
        for (int epoch = 1; epoch <= planned && stop is null; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double progress = (epoch - 1) / (double)planned;
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
            }

            var epochStart = clock.Elapsed;
            strategy.BeginEpoch(progress);
            bool outOfTime = RunEpoch(strategy, data, batch, OutOfTime, cancellationToken);
            var cell = strategy.EndEpoch(data);
            cells.Add(cell);
            if (epoch <= ReplanEpochs && trainingBudget is { } budget)
            {
                // The first epoch carries the start-up; the next ones say better what an epoch costs.
                double last = Math.Max(1e-3, (clock.Elapsed - epochStart).TotalSeconds);
                planned = Math.Clamp(epoch + (int)((budget - clock.Elapsed).TotalSeconds / last), epoch, options.MaxEpochs);
            }

            stop = guard?.Observe(cell, epoch) ?? (outOfTime || (OutOfTime() && epoch < planned) ? $"time budget at epoch {epoch}" : null);
        }

        var final = strategy.Final(data);
        supernet.Mixing.UseCell(final);
        double estimate = SupernetData.Accuracy(supernet, data.ValidationX, data.ValidationY);
        return new OneShotResult(options.Method, final, estimate, clock.Elapsed, cells.Count, planned, stop ?? $"planned {planned} epochs done", cells, memory.PeakBytes);
    }

    private static ISupernetStrategy Create(OneShotOptions options, CellSupernet supernet, WeightStep weights, Device device) => options.Method switch
    {
        OneShotMethod.Darts => new DartsStrategy(supernet, weights, options, device),
        OneShotMethod.Gdas => new GdasStrategy(supernet, weights, options, device),
        OneShotMethod.Enas => new EnasStrategy(supernet, weights, options, device),
        _ => throw new ArgumentException($"Unknown one-shot method {options.Method}."),
    };

    /// <summary>One pass over the weight half; returns whether the time ran out in it.</summary>
    private static bool RunEpoch(ISupernetStrategy strategy, SupernetData data, int batch, Func<bool> isOutOfTime, CancellationToken cancellationToken)
    {
        long[] order = data.WeightOrder();
        using var total = zeros(1, device: data.Device);
        int seen = 0;
        for (int start = 0; start + Math.Min(batch, 2) <= order.Length; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            int size = Math.Min(batch, order.Length - start);
            if (size < 2)
            {
                break; // a batch of one breaks batch normalization
            }

            var index = tensor(order.AsSpan(start, size).ToArray(), device: data.Device);
            var (ax, ay) = data.NextArchitectureBatch(batch);
            var loss = strategy.Step(data.WeightX.index_select(0, index), data.WeightY.index_select(0, index), ax, ay);
            total.add_(loss * size);
            seen += size;
            if (isOutOfTime())
            {
                return true;
            }
        }

        double mean = total.item<float>() / Math.Max(1, seen);
        if (!double.IsFinite(mean))
        {
            throw new TrainingDivergedException(0, mean);
        }

        return false;
    }
}
