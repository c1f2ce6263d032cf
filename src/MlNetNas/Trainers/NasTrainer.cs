using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Onnx;
using MlNetNas.Trainers.Heads;
using MlNetNas.Training;

namespace MlNetNas.Trainers;

/// <summary>
/// An ML.NET trainer that trains one neural architecture with TorchSharp and returns a model made only of
/// ML.NET's own transformers (ApplyOnnxModel + exact heads), so <c>mlContext.Model.Save</c> works and the
/// loading app needs nothing of this library. Append it to any pipeline that produces a Single vector
/// feature column and the task's label column.
/// </summary>
public sealed class NasTrainer : IEstimator<TransformerChain<ITransformer>>
{
    private readonly MLContext ml;

    /// <summary>Creates a trainer for <paramref name="task"/>.</summary>
    public NasTrainer(MLContext mlContext, NasTaskKind task, NasTrainerOptions? options = null)
    {
        ml = mlContext;
        Task = task;
        Options = options ?? new NasTrainerOptions();
        Options.Training.Validate();
        if (Options.ValidationFraction is <= 0 or >= 1)
        {
            throw new ArgumentException($"ValidationFraction must be in (0, 1); got {Options.ValidationFraction}.", nameof(options));
        }
    }

    /// <summary>The task.</summary>
    public NasTaskKind Task { get; }

    /// <summary>The options.</summary>
    public NasTrainerOptions Options { get; }

    /// <inheritdoc />
    public TransformerChain<ITransformer> Fit(IDataView input) => FitDetailed(input).Model;

    /// <summary>
    /// Fits and also returns the ONNX export, the architecture and the per-epoch history. <paramref name="onEpoch"/>
    /// returns false to stop after an epoch; <paramref name="callbacks"/> may also stop the run after any step.
    /// </summary>
    public NasFitResult FitDetailed(IDataView input, Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default, IReadOnlyList<ITrainingCallback>? callbacks = null)
    {
        var all = TrainingDataReader.Read(input, Options.FeatureColumnName, Options.LabelColumnName, Task);
        (TrainingData train, TrainingData validation) = Options.ValidationData is { } given
            ? (all, TrainingDataReader.Read(given, Options.FeatureColumnName, Options.LabelColumnName, Task))
            : HoldOut(all, Options.ValidationFraction, Options.Training.Seed);
        var training = Options.Training;
        if (Options.TrainOnValidationData)
        {
            train = Concatenate(train, validation);
            training = training with { EarlyStoppingPatience = 0, KeepBestEpoch = false };
        }
        if (train.Rows < 2 || validation.Rows < 1)
        {
            throw new ArgumentException($"The NAS trainer needs at least 3 labelled rows; '{Options.LabelColumnName}' has {all.Rows}.");
        }

        var head = TaskHeads.For(Task);
        var classNames = head.ClassNames(input.Schema[Options.LabelColumnName]);
        int outputs = head.Outputs(classNames);

        var inputSpec = Options.Input ?? InputSpec.Vector(train.Width);
        if (inputSpec.FlatWidth != train.Width)
        {
            throw new ArgumentException($"The feature column '{Options.FeatureColumnName}' holds {train.Width} values per row, but the input {inputSpec} needs {inputSpec.FlatWidth}.");
        }

        var graph = (Options.Design ?? Options.Architecture).Build(inputSpec, outputs);
        var objective = head.Objective;
        ITrainingCallback[] stops = [.. callbacks ?? [], .. onEpoch is null ? Array.Empty<ITrainingCallback>() : [new EpochCallback(onEpoch)]];
        using var network = new NetworkTrainer(training).Train(graph, objective, train, validation, stops, cancellationToken);
        var export = NetworkOnnxExporter.Export(network, Task, Options.FeatureColumnName);
        var model = (TransformerChain<ITransformer>)DeployableModelBuilder.Build(ml, export, Task, input, classNames);
        long denseBytes = 4L * (train.Features.Length + validation.Features.Length);
        var result = new NasFitResult(model, export, network.History, network.BestEpoch, graph) { PlannedEpochs = network.PlannedEpochs };
        ReleaseLargeArrays(denseBytes);
        return result;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        // SchemaShape.Column cannot be built outside ML.NET; a built-in trainer of the same task declares the same columns.
        return TaskHeads.For(Task).OutputSchemaStandIn(ml, Options.LabelColumnName, Options.FeatureColumnName).GetOutputSchema(inputSchema);
    }

    /// <summary>
    /// Dense rows of a wide input are hundreds of megabytes on the large-object heap, which the runtime collects only now and
    /// then: trial after trial of text n-grams (corefx issues, 154,554 slots) held several copies at once and the run's
    /// resident memory grew by about 0.6 GB a trial. Above 256 MB a fit ends with a compacting full collection.
    /// </summary>
    private static void ReleaseLargeArrays(long bytes)
    {
        if (bytes < 256L << 20)
        {
            return;
        }

        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static (TrainingData Train, TrainingData Validation) HoldOut(TrainingData all, double fraction, int seed)
    {
        int[] order = Enumerable.Range(0, all.Rows).ToArray();
        new Random(seed).Shuffle(order);
        int validationRows = Math.Clamp((int)Math.Round(all.Rows * fraction), 1, Math.Max(1, all.Rows - 2));
        return (Subset(all, order.AsSpan(validationRows).ToArray()), Subset(all, order.AsSpan(0, validationRows).ToArray()));
    }

    private static TrainingData Concatenate(TrainingData first, TrainingData second) =>
        new([.. first.Features, .. second.Features], first.Width, [.. first.Targets, .. second.Targets]);

    private static TrainingData Subset(TrainingData data, int[] rows)
    {
        var features = new float[rows.Length * data.Width];
        var targets = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(data.Features, rows[i] * data.Width, features, i * data.Width, data.Width);
            targets[i] = data.Targets[rows[i]];
        }

        return new TrainingData(features, data.Width, targets);
    }
}
