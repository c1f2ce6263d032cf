using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using MlNetNas.Trainers;

namespace MlNetNas.Serving;

/// <summary>
/// Batched scoring for production apps: a model.zip or model.onnx written by MlNetNas, scored many rows per ONNX
/// Runtime call instead of one (ML.NET's ONNX transformer calls it row by row). A network winner's featurizer runs in
/// ML.NET, its network in one <c>OrtValue</c> call per batch over pooled buffers, its head (argmax, sigmoid) here, with
/// the same answers as the model.zip. A classic winner (trees, linear, mixed ensembles) scores through ML.NET's
/// <c>Transform</c> over the batch. Thread-safe: one instance serves every thread.
/// </summary>
public sealed class NasModel : IDisposable
{
    private readonly MLContext ml = new(seed: 0);
    private readonly ITransformer? model;
    private readonly ITransformer? featurizer;
    private readonly InferenceSession? session;
    private readonly SessionOptions? sessionOptions;
    private readonly string? inputName;
    private readonly string? outputName;
    private readonly ConcurrentDictionary<Type, object> engines = new();
    /// <summary>Batches of at least this many typed rows are featurized through one ML.NET data view; smaller ones row by row.</summary>
    private const int DataViewBatch = 1024;

    private readonly ThreadLocal<Buffers> buffers = new(() => new Buffers(), trackAllValues: true);

    private NasModel(ServingManifest manifest, ITransformer? model, ITransformer? featurizer, byte[]? network, int intraOpThreads, int? gpuDeviceId)
    {
        Manifest = manifest;
        this.model = model;
        this.featurizer = featurizer;
        if (network is null)
        {
            return;
        }

        sessionOptions = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        ExecutionProvider = "CPU";
        if (gpuDeviceId is { } gpu)
        {
            // The CPU package of ONNX Runtime, or no usable GPU: score on the CPU and say why.
            ExecutionProvider = CudaUsable(gpu, out string? reason) && TryCuda(sessionOptions, gpu, out reason)
                ? $"CUDA:{gpu}"
                : $"CPU (CUDA device {gpu} unavailable: {reason})";
        }

        session = new InferenceSession(network, sessionOptions);
        inputName = session.InputNames[0];
        outputName = session.OutputNames[0];
        FeatureCount = (int)session.InputMetadata[inputName].Dimensions[^1];
        OutputCount = (int)session.OutputMetadata[outputName].Dimensions[^1];
    }

    /// <summary>The task, classes and feature column.</summary>
    public ServingManifest Manifest { get; }

    /// <summary>The class names in output order (binary: false, then true), or empty.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>Whether a network scores the rows (so <see cref="Predict(float[,])"/> applies).</summary>
    public bool HasNetwork => session is not null;

    /// <summary>Where the network runs: "CPU", "CUDA:0", or "CPU (CUDA device 0 unavailable: …)" after a fallback; "ML.NET" without a network.</summary>
    public string ExecutionProvider { get; } = "ML.NET";

    /// <summary>The network's input width (the featurized columns), or null without a network.</summary>
    public int? FeatureCount { get; }

    private int OutputCount { get; }

    /// <summary>
    /// Loads a model.zip (any winner) or a model.onnx (a network; it takes featurized rows, see <see cref="Predict(float[,])"/>).
    /// <paramref name="intraOpThreads"/>: ONNX Runtime's threads per call (0: its default, all cores).
    /// <paramref name="gpuDeviceId"/>: run the network on that CUDA device (with Microsoft.ML.OnnxRuntime.Gpu in place of
    /// Microsoft.ML.OnnxRuntime), falling back to the CPU with the reason in <see cref="ExecutionProvider"/>; ML.NET's
    /// own transforms get <c>MLContext.GpuDeviceId</c> with <c>FallbackToCpu</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a model written by MlNetNas.</exception>
    public static NasModel Load(string path, int intraOpThreads = 1, int? gpuDeviceId = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' was not found.", path);
        }

        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            byte[] bytes = File.ReadAllBytes(path);
            using var probe = new InferenceSession(bytes);
            string json = probe.ModelMetadata.CustomMetadataMap.GetValueOrDefault(ServingManifest.MetadataKey)
                ?? throw new InvalidDataException($"'{path}' has no '{ServingManifest.MetadataKey}' metadata: it was not written by this version of MlNetNas.");
            return new NasModel(ServingManifest.FromJson(json), null, null, bytes, intraOpThreads, gpuDeviceId);
        }

        // ML.NET's ONNX transformer falls back to the CPU only on ONNX Runtime errors, not when the CPU package lacks CUDA.
        var ml = new MLContext(seed: 0) { GpuDeviceId = gpuDeviceId is { } id && CudaUsable(id, out _) ? id : null, FallbackToCpu = true };
        var loaded = ml.Model.Load(path, out _);
        using var zip = ZipFile.OpenRead(path);
        var manifest = zip.GetEntry(ServingManifest.Entry) is { } entry
            ? ServingManifest.FromJson(new StreamReader(entry.Open()).ReadToEnd())
            : throw new InvalidDataException($"'{path}' has no '{ServingManifest.Entry}': it was written by an older mlnet-nas or by another tool; load it with mlContext.Model.Load.");
        if (zip.GetEntry(ServingManifest.NetworkEntry) is not { } networkEntry)
        {
            // No network inside (trees, linear models, mixed ensembles): ML.NET scores the batches.
            return new NasModel(manifest, loaded, null, null, intraOpThreads, gpuDeviceId);
        }

        using var stream = new MemoryStream();
        networkEntry.Open().CopyTo(stream);
        return new NasModel(manifest, loaded, FeaturizerOf(loaded), stream.ToArray(), intraOpThreads, gpuDeviceId);
    }

    /// <summary>Scores <paramref name="rows"/>, objects whose properties are the training file's columns (by name, or by <c>[ColumnName]</c>).</summary>
    public NasPrediction[] Predict<TInput>(IReadOnlyList<TInput> rows)
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (model is null)
        {
            throw new InvalidOperationException("A model.onnx takes featurized rows: call Predict(float[,]), or load the model.zip for typed rows.");
        }

        if (rows.Count == 0)
        {
            return [];
        }

        if (session is null)
        {
            return ReadModelOutputs(model.Transform(ml.Data.LoadFromEnumerable(rows)), rows.Count);
        }

        float[] features = buffers.Value!.Input(rows.Count * FeatureCount!.Value);
        if (rows.Count < DataViewBatch)
        {
            // A data view costs milliseconds to set up: small batches go row by row through a pooled featurizing engine.
            WithEngine<TInput>(engine =>
            {
                for (int r = 0; r < rows.Count; r++)
                {
                    engine.Predict(rows[r]).Features.CopyTo(features, r * FeatureCount.Value);
                }
            });
        }
        else
        {
            ReadFeatures(featurizer!.Transform(ml.Data.LoadFromEnumerable(rows)), features, rows.Count);
        }

        return Run(features, rows.Count);
    }

    /// <summary>Scores one row (a pooled ML.NET prediction engine featurizes it; the network runs on it alone).</summary>
    public NasPrediction PredictRow<TInput>(TInput row)
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(row);
        if (session is null || featurizer is null)
        {
            return Predict<TInput>([row])[0];
        }

        float[] input = buffers.Value!.Input(FeatureCount!.Value);
        WithEngine<TInput>(engine => engine.Predict(row).Features.CopyTo(input, 0));
        return Run(input, 1)[0];
    }

    /// <summary>Scores rows that are already featurized (<see cref="FeatureCount"/> columns, the network's input).</summary>
    public NasPrediction[] Predict(float[,] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (session is null)
        {
            throw new InvalidOperationException("This model has no network: score typed rows with Predict<TInput>.");
        }

        if (features.GetLength(1) != FeatureCount)
        {
            throw new ArgumentException($"The network reads {FeatureCount} features per row; the array has {features.GetLength(1)} columns.", nameof(features));
        }

        int rows = features.GetLength(0);
        float[] input = buffers.Value!.Input(rows * FeatureCount.Value);
        Buffer.BlockCopy(features, 0, input, 0, rows * FeatureCount.Value * sizeof(float));
        return Run(input, rows);
    }

    /// <summary>The network's raw outputs (probabilities, logit or value) for <paramref name="rows"/> featurized rows, into <paramref name="outputs"/>.</summary>
    public void Score(float[] features, int rows, float[] outputs)
    {
        if (session is null)
        {
            throw new InvalidOperationException("This model has no network.");
        }

        if (features.Length < rows * FeatureCount || outputs.Length < rows * OutputCount)
        {
            throw new ArgumentException($"{rows} rows need {rows * FeatureCount} features and room for {rows * OutputCount} outputs.");
        }

        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features.AsMemory(0, rows * FeatureCount!.Value), [rows, FeatureCount.Value]);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, outputs.AsMemory(0, rows * OutputCount), [rows, OutputCount]);
        session.Run(buffers.Value!.RunOptions, [inputName!], [input], [outputName!], [output]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        session?.Dispose();
        sessionOptions?.Dispose();
        foreach (var perThread in buffers.Values)
        {
            perThread.Dispose();
        }

        buffers.Dispose();
        (model as IDisposable)?.Dispose();
    }

    /// <summary>Whether ONNX Runtime here can add the CUDA execution provider for device <paramref name="gpu"/>; <paramref name="reason"/> says why not.</summary>
    private static bool CudaUsable(int gpu, out string? reason)
    {
        using var probe = new SessionOptions();
        return TryCuda(probe, gpu, out reason);
    }

    private static bool TryCuda(SessionOptions options, int gpu, out string? reason)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(gpu);
            reason = null;
            return true;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            reason = e.Message.Split('\n')[0].Trim();
            return false;
        }
    }

    /// <summary>Runs <paramref name="work"/> with a featurizing prediction engine from the pool (engines are not thread-safe; the pool is).</summary>
    private void WithEngine<TInput>(Action<PredictionEngine<TInput, FeatureRow>> work)
        where TInput : class
    {
        var pool = (ConcurrentBag<PredictionEngine<TInput, FeatureRow>>)engines.GetOrAdd(typeof(TInput), _ => new ConcurrentBag<PredictionEngine<TInput, FeatureRow>>());
        if (!pool.TryTake(out var engine))
        {
            engine = ml.Model.CreatePredictionEngine<TInput, FeatureRow>(featurizer!, ignoreMissingColumns: true);
        }

        try
        {
            work(engine);
        }
        finally
        {
            pool.Add(engine);
        }
    }

    private NasPrediction[] Run(float[] features, int rows)
    {
        float[] outputs = buffers.Value!.Output(rows * OutputCount);
        Score(features, rows, outputs);
        var predictions = new NasPrediction[rows];
        for (int r = 0; r < rows; r++)
        {
            predictions[r] = Head(outputs.AsSpan(r * OutputCount, OutputCount));
        }

        return predictions;
    }

    /// <summary>ML.NET's head, from the network's output: argmax of the probabilities, sigmoid of the logit, or the value.</summary>
    private NasPrediction Head(ReadOnlySpan<float> output)
    {
        switch (Manifest.Task)
        {
            case NasTaskKind.MulticlassClassification:
            {
                int best = 0;
                for (int c = 1; c < output.Length; c++)
                {
                    best = output[c] > output[best] ? c : best;
                }

                return new NasPrediction(ClassNames[best], output[best], null, output.ToArray());
            }

            case NasTaskKind.BinaryClassification:
            {
                float logit = output[0];
                float probability = 1f / (1f + MathF.Exp(-logit));
                string label = ClassNames.Count == 2 ? ClassNames[logit > 0 ? 1 : 0] : (logit > 0 ? "True" : "False");
                return new NasPrediction(label, logit, probability, null);
            }

            default:
                return new NasPrediction(null, output[0], null, null);
        }
    }

    private void ReadFeatures(IDataView featurized, float[] into, int rows)
    {
        var column = featurized.Schema[Manifest.FeatureColumn];
        using var cursor = featurized.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        int width = FeatureCount!.Value;
        for (int r = 0; r < rows && cursor.MoveNext(); r++)
        {
            getter(ref value);
            value.CopyTo(into.AsSpan(r * width, width));
        }
    }

    private NasPrediction[] ReadModelOutputs(IDataView scored, int rows)
    {
        var schema = scored.Schema;
        var predicted = schema.GetColumnOrNull("PredictedLabel");
        var score = schema["Score"];
        var probability = schema.GetColumnOrNull("Probability");
        var columns = new List<DataViewSchema.Column> { score };
        columns.AddRange(new[] { predicted, probability }.Where(c => c is not null).Select(c => c!.Value));
        using var cursor = scored.GetRowCursor(columns);
        Func<string>? getLabel = predicted is { } labelColumn ? Data.DataViewValues.TextGetter(cursor, labelColumn) : null;
        var getProbability = probability is { } probabilityColumn ? cursor.GetGetter<float>(probabilityColumn) : null;
        bool vector = score.Type is VectorDataViewType;
        var getVector = vector ? cursor.GetGetter<VBuffer<float>>(score) : null;
        var getScalar = vector ? null : cursor.GetGetter<float>(score);
        var result = new List<NasPrediction>(rows);
        var buffer = default(VBuffer<float>);
        float scalar = 0, prob = 0;
        while (cursor.MoveNext())
        {
            string? label = getLabel?.Invoke();
            if (vector)
            {
                getVector!(ref buffer);
                var values = buffer.DenseValues().ToArray();
                result.Add(new NasPrediction(label, values.Max(), null, values));
            }
            else
            {
                getScalar!(ref scalar);
                float? positive = null;
                if (getProbability is not null)
                {
                    getProbability(ref prob);
                    positive = prob;
                }

                result.Add(new NasPrediction(label, scalar, positive, null));
            }
        }

        return [.. result];
    }

    /// <summary>The transformers before the first ONNX transformer of a loaded chain: the featurizer that writes the network's input.</summary>
    internal static ITransformer FeaturizerOf(ITransformer loaded)
    {
        var leaves = TransformerLeaves.Of(loaded);
        int network = leaves.ToList().FindIndex(t => t is OnnxTransformer);
        return network >= 0
            ? new TransformerChain<ITransformer>([.. leaves.Take(network)])
            : throw new InvalidDataException("The model.zip's manifest names a network, but its pipeline has no ONNX transformer.");
    }

    /// <summary>The featurizer's output row for the single-row path.</summary>
    private sealed class FeatureRow
    {
        [ColumnName("Features")]
        public float[] Features { get; set; } = [];
    }

    /// <summary>One thread's input and output buffers, grown as batches grow and reused across calls, and its run options.</summary>
    private sealed class Buffers : IDisposable
    {
        private float[] input = [];
        private float[] output = [];

        public RunOptions RunOptions { get; } = new();

        public void Dispose() => RunOptions.Dispose();

        public float[] Input(int length) => input.Length >= length ? input : input = new float[Math.Max(length, input.Length * 2)];

        public float[] Output(int length) => output.Length >= length ? output : output = new float[Math.Max(length, output.Length * 2)];
    }
}
