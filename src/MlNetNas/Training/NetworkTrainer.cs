using System.Diagnostics;
using MlNetNas.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>
/// Trains an <see cref="ArchitectureGraph"/> with TorchSharp: mini-batches in a seeded order, the chosen
/// optimizer and schedule, early stopping on validation loss (keeping the best epoch's weights), and a
/// per-epoch callback through which a scheduler can stop the run. Every step runs in a dispose scope,
/// so nothing leaks across trials.
/// </summary>
public sealed class NetworkTrainer
{
    private const int MaxEvaluationBatch = 4096;

    // Validation keeps every intermediate value of a batch alive until the output: bound their total (256 MB of floats).
    private const long EvaluationValueBudget = 64L << 20;
    private readonly TrainingOptions options;

    /// <summary>Creates a trainer with validated options.</summary>
    public NetworkTrainer(TrainingOptions options)
    {
        options.Validate();
        this.options = options;
    }

    /// <summary>
    /// Trains a fresh network. <paramref name="onEpoch"/> sees each epoch's report and returns false to stop
    /// early (a pruner); the weights of the best validation epoch so far are kept either way.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public TrainedNetwork Train(
        ArchitectureGraph graph,
        TrainingObjective objective,
        TrainingData train,
        TrainingData validation,
        Func<EpochReport, bool>? onEpoch = null,
        CancellationToken cancellationToken = default) =>
        Train(graph, objective, train, validation, onEpoch is null ? [] : [new EpochCallback(onEpoch)], cancellationToken);

    /// <summary>
    /// Trains a fresh network. Early stopping (the options' patience) runs first, then <paramref name="callbacks"/> in
    /// order, after every step and every epoch; the first that says stop ends the run, which keeps the weights of its
    /// best validation epoch (or, with <see cref="TrainingOptions.KeepBestEpoch"/> off, its last). A run stopped in the
    /// middle of an epoch validates what it has and reports that as its last epoch.
    /// <paramref name="step"/> replaces the ordinary supervised step (weight-sharing search plugs in here).
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public TrainedNetwork Train(
        ArchitectureGraph graph,
        TrainingObjective objective,
        TrainingData train,
        TrainingData validation,
        IReadOnlyList<ITrainingCallback> callbacks,
        CancellationToken cancellationToken = default,
        ITrainingStep? step = null)
    {
        var device = DeviceSelector.Resolve(options.Device);
        CheckShapes(graph, objective, train, validation);
        (float mean, float scale) = objective == TrainingObjective.Regression ? Standardization(train.Targets) : (0f, 1f);

        if (device.type == DeviceType.CPU)
        {
            set_num_threads(options.CpuThreads);
        }

        var module = TorchRandom.Seeded(options.Seed, () => new GraphModule(graph));
        FitToData(module, train, graph);
        module.to(device);
        using var generator = new Generator((ulong)options.Seed, device);
        module.UseGenerator(generator);
        var history = new List<EpochReport>();
        Dictionary<string, Tensor>? best = null;
        WeightAverage? average = null;
        int bestEpoch = 0;
        double bestLoss = double.PositiveInfinity;
        var clock = Stopwatch.StartNew();
        int batchesPerEpoch = (train.Rows + Math.Min(options.BatchSize, train.Rows) - 1) / Math.Min(options.BatchSize, train.Rows);
        int epochs = Math.Max(options.MaxEpochs, (options.MinimumSteps + batchesPerEpoch - 1) / batchesPerEpoch);

        // Under a decaying rate the best epochs come as it anneals (bike-hour: a cosine run stopped at epoch 18 of 40 with
        // validation R² 0.938, the same shape run to the end 0.949), so early stopping counts from the second half.
        int patienceFrom = options.Schedule == LearningRateSchedule.Constant ? 1 : (epochs / 2) + 1;
        ITrainingCallback[] all = options.EarlyStoppingPatience > 0 ? [new EarlyStopping(options.EarlyStoppingPatience, patienceFrom), .. callbacks] : [.. callbacks];
        var trainingStep = step ?? new SupervisedStep((output, target) => Loss(output, target, objective, options.LabelSmoothing));
        var augmenter = BatchAugmenter.Applies(options.Augmentation, graph.InputShape.Dimensions.Count, options.CropPadding)
            ? new BatchAugmenter(options.Augmentation, options.CropPadding, options.Seed)
            : null;
        try
        {
            using var data = new DeviceData(train, validation, new InputSpec(graph.InputShape), objective, mean, scale, device);
            using var optimizer = CreateOptimizer(module);
            var order = new Random(options.Seed);
            var steps = new StepCounter(all);
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double rate = RateAt(epoch, epochs);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                double trainLoss = RunEpoch(module, optimizer, data, trainingStep, augmenter, order, steps, cancellationToken);
                double validationLoss = Evaluate(module, data.ValidationFeatures, data.ValidationTargets, objective, EvaluationBatch(graph));
                if (!double.IsFinite(trainLoss) || !double.IsFinite(validationLoss))
                {
                    throw new TrainingDivergedException(epoch, double.IsFinite(trainLoss) ? validationLoss : trainLoss);
                }

                var report = new EpochReport(epoch, trainLoss, validationLoss, rate, clock.Elapsed);
                history.Add(report);
                if (epoch == 1 && options.TimeBudget is { } budget)
                {
                    epochs = Math.Clamp((int)(budget.TotalSeconds / Math.Max(1e-3, clock.Elapsed.TotalSeconds)), 1, epochs);
                }

                if (validationLoss < bestLoss)
                {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    DisposeAll(best);
                    best = Snapshot(module);
                }

                if (options.AverageLastEpochs > 0 && epoch > epochs - options.AverageLastEpochs)
                {
                    (average ??= new WeightAverage()).Add(module);
                }

                if (steps.Stopped || !all.All(c => c.ContinueAfterEpoch(report)))
                {
                    break;
                }
            }

            // The average, once loaded, stays when it validates better (or in a refit, which keeps its last epoch anyway);
            // otherwise the best epoch's weights replace it just below.
            bool averaged = false;
            if (average is { Count: >= 2 })
            {
                module.load_state_dict(average.Weights);
                averaged = !options.KeepBestEpoch
                    || Evaluate(module, data.ValidationFeatures, data.ValidationTargets, objective, EvaluationBatch(graph)) < bestLoss;
            }

            if (best is not null && options.KeepBestEpoch && !averaged)
            {
                module.load_state_dict(best);
            }

            module.eval();
            return new TrainedNetwork(module, objective, history, options.KeepBestEpoch && !averaged ? bestEpoch : history.Count, mean, scale)
            {
                PlannedEpochs = epochs,
                AveragedEpochs = averaged ? average!.Count : 0,
            };
        }
        catch
        {
            module.Dispose();
            throw;
        }
        finally
        {
            DisposeAll(best);
            average?.Dispose();
            module.UseGenerator(null); // the generator is disposed with this call; a module trained further uses the global one
        }
    }

    /// <summary>The most training rows that layers fitted to the data (quantile bins, robust scales) see: an even stride over them.</summary>
    internal const int FitRows = 20_000;

    private static void FitToData(GraphModule module, TrainingData train, ArchitectureGraph graph)
    {
        if (!module.FitsToData)
        {
            return;
        }

        int stride = (train.Rows + FitRows - 1) / FitRows;
        int rows = (train.Rows + stride - 1) / stride;
        var sample = stride == 1 ? train.Features : new float[(long)rows * train.Width];
        for (int r = 0; stride > 1 && r < rows; r++)
        {
            Array.Copy(train.Features, (long)r * stride * train.Width, sample, (long)r * train.Width, train.Width);
        }

        using var scope = NewDisposeScope();
        module.FitToData(tensor(sample, new InputSpec(graph.InputShape).BatchShape(rows)));
    }

    private static void CheckShapes(ArchitectureGraph graph, TrainingObjective objective, TrainingData train, TrainingData validation)
    {
        int width = graph.InputShape.ElementCount;
        if (train.Width != width || validation.Width != width)
        {
            throw new ArgumentException($"The network takes {width} features per row; the data has {train.Width} (train) and {validation.Width} (validation).");
        }

        if (train.Rows < 2 || validation.Rows < 1)
        {
            throw new ArgumentException($"Training needs at least 2 training rows and 1 validation row; got {train.Rows} and {validation.Rows}.");
        }

        int outputs = graph.OutputShape.ElementCount;
        if (objective != TrainingObjective.MulticlassClassification && outputs != 1)
        {
            throw new ArgumentException($"A {objective} network must have 1 output; this one has {outputs}.");
        }
    }

    private static (float Mean, float Scale) Standardization(float[] targets)
    {
        double mean = targets.Average(t => (double)t);
        double variance = targets.Average(t => (t - mean) * (t - mean));
        double deviation = Math.Sqrt(variance);
        return ((float)mean, deviation > 1e-12 ? (float)deviation : 1f);
    }

    private double RateAt(int epoch, int epochs)
    {
        static double Anneal(double progress) => 0.5 * (1 + Math.Cos(Math.PI * progress));
        double cosine = Anneal((epoch - 1) / (double)epochs);
        int flat = epochs / 2;
        return options.Schedule switch
        {
            LearningRateSchedule.Constant => options.LearningRate,
            LearningRateSchedule.Cosine => options.LearningRate * cosine,
            LearningRateSchedule.WarmupCosine => epoch <= Math.Max(1, epochs / 10)
                ? options.LearningRate * epoch / Math.Max(1, epochs / 10)
                : options.LearningRate * cosine,
            LearningRateSchedule.FlatCosine => epoch <= flat
                ? options.LearningRate
                : options.LearningRate * Anneal((epoch - 1 - flat) / (double)Math.Max(1, epochs - flat)),
            _ => throw new InvalidOperationException($"Unknown schedule {options.Schedule}."),
        };
    }

    private optim.Optimizer CreateOptimizer(nn.Module module) => options.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(module.parameters(), options.LearningRate, weight_decay: options.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(module.parameters(), options.LearningRate, weight_decay: options.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(module.parameters(), options.LearningRate, momentum: 0.9, weight_decay: options.WeightDecay, nesterov: true),
        _ => throw new InvalidOperationException($"Unknown optimizer {options.Optimizer}."),
    };

    private double RunEpoch(GraphModule module, optim.Optimizer optimizer, DeviceData data, ITrainingStep step, BatchAugmenter? augmenter, Random order, StepCounter steps, CancellationToken cancellationToken)
    {
        module.train();
        int rows = data.TrainRows;
        long[] permutation = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        order.Shuffle(permutation);
        int batch = Math.Min(options.BatchSize, rows);
        using var total = zeros(1, device: data.Device);
        // The epoch's row order goes to the device once; each batch is a view of it (no host copy per step).
        using var epochOrder = tensor(permutation, device: data.Device);
        int seen = 0;
        for (int start = 0; start < rows; start += batch)
        {
            int size = Math.Min(batch, rows - start);
            if (size < 2 && seen > 0)
            {
                break; // a batch of one breaks batch normalization and adds nothing.
            }

            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var index = epochOrder.narrow(0, start, size);
            var x = data.TrainFeatures.index_select(0, index);
            var y = data.TrainTargets.index_select(0, index);
            var loss = step.Run(module, optimizer, augmenter?.Apply(x) ?? x, y);
            total.add_(loss * size);
            seen += size;
            if (!steps.Continue())
            {
                break;
            }
        }

        // One host read per epoch: the losses stay on the device until here.
        return total.item<float>() / seen;
    }

    /// <summary>
    /// Rows per validation batch: 4096, or fewer when one example's intermediate values are large (a convolutional
    /// network on 28×28 pictures holds megabytes per example; 4096 of them would need tens of gigabytes).
    /// </summary>
    internal static int EvaluationBatch(ArchitectureGraph graph)
    {
        long perExample = Math.Max(1, graph.Shapes.Values.Sum(s => (long)s.ElementCount)) * graph.RowsPerExample;
        return (int)Math.Clamp(EvaluationValueBudget / perExample, 16, MaxEvaluationBatch);
    }

    private static double Evaluate(GraphModule module, Tensor features, Tensor targets, TrainingObjective objective, int evaluationBatch)
    {
        module.eval();
        using var noGrad = no_grad();
        using var total = zeros(1, device: features.device);
        long rows = features.shape[0];
        for (long start = 0; start < rows; start += evaluationBatch)
        {
            using var scope = NewDisposeScope();
            long size = Math.Min(evaluationBatch, rows - start);
            var loss = Loss(module.forward(features.narrow(0, start, size)), targets.narrow(0, start, size), objective, labelSmoothing: 0);
            total.add_(loss * size);
        }

        return total.item<float>() / rows;
    }

    /// <summary>
    /// The task's loss. A batch ensemble's head gives <c>[N, k, outputs]</c> while training: each member is scored on the
    /// row's target, and the loss is the mean over members and rows (TabM trains its members this way, not their mean).
    /// </summary>
    private static Tensor Loss(Tensor output, Tensor target, TrainingObjective objective, double labelSmoothing)
    {
        if (output.dim() == 3)
        {
            long members = output.shape[1];
            return MemberLoss(output.flatten(0, 1), target.unsqueeze(1).expand(target.shape[0], members).flatten(), objective, labelSmoothing);
        }

        return MemberLoss(output, target, objective, labelSmoothing);
    }

    private static Tensor MemberLoss(Tensor output, Tensor target, TrainingObjective objective, double labelSmoothing) => objective switch
    {
        TrainingObjective.MulticlassClassification => labelSmoothing > 0
            ? nn.functional.cross_entropy(output, target, label_smoothing: labelSmoothing)
            : nn.functional.cross_entropy(output, target),
        // Label smoothing for one logit: the targets 0 and 1 move to s/2 and 1 - s/2.
        TrainingObjective.BinaryClassification => nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labelSmoothing > 0 ? (target * (1 - labelSmoothing)) + (labelSmoothing / 2) : target),
        TrainingObjective.Regression => nn.functional.mse_loss(output.squeeze(1), target),
        _ => throw new InvalidOperationException($"Unknown objective {objective}."),
    };

    private static Dictionary<string, Tensor> Snapshot(nn.Module module)
    {
        // Only the copies leave the scope; detach()'s intermediate tensors are freed with it.
        using var scope = NewDisposeScope();
        return module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().MoveToOuterDisposeScope());
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (var t in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }
    }

    /// <summary>Counts the run's optimization steps and asks the callbacks after each whether to go on.</summary>
    private sealed class StepCounter(ITrainingCallback[] callbacks)
    {
        private int step;

        public bool Stopped { get; private set; }

        public bool Continue()
        {
            step++;
            Stopped = !callbacks.All(c => c.ContinueAfterStep(step));
            return !Stopped;
        }
    }

    /// <summary>The training and validation arrays as tensors on the training device.</summary>
    private sealed class DeviceData : IDisposable
    {
        public DeviceData(TrainingData train, TrainingData validation, InputSpec input, TrainingObjective objective, float mean, float scale, Device device)
        {
            Device = device;
            TrainRows = train.Rows;
            TrainFeatures = tensor(train.Features, input.BatchShape(train.Rows), device: device);
            ValidationFeatures = tensor(validation.Features, input.BatchShape(validation.Rows), device: device);
            TrainTargets = Targets(train.Targets, objective, mean, scale, device);
            ValidationTargets = Targets(validation.Targets, objective, mean, scale, device);
        }

        public Device Device { get; }

        public int TrainRows { get; }

        public Tensor TrainFeatures { get; }

        public Tensor TrainTargets { get; }

        public Tensor ValidationFeatures { get; }

        public Tensor ValidationTargets { get; }

        public void Dispose()
        {
            TrainFeatures.Dispose();
            TrainTargets.Dispose();
            ValidationFeatures.Dispose();
            ValidationTargets.Dispose();
        }

        private static Tensor Targets(float[] values, TrainingObjective objective, float mean, float scale, Device device) => objective switch
        {
            TrainingObjective.MulticlassClassification => tensor(values.Select(v => (long)v).ToArray(), device: device),
            TrainingObjective.Regression => tensor(values.Select(v => (v - mean) / scale).ToArray(), device: device),
            _ => tensor(values, device: device),
        };
    }
}
