using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetNas.Serving;

namespace MlNetNas.Benchmarks;

/// <summary>
/// Scoring the same network winner (a model folder written by <c>mlnet-nas classification</c> on data/digits.csv) five
/// ways, for batches of 1, 64 and 10,000 rows: ML.NET's <c>PredictionEngine</c> row by row, ML.NET's <c>Transform</c> over
/// an IDataView, <see cref="NasModel"/> on typed rows and on featurized rows, and raw ONNX Runtime on the featurized rows
/// (network outputs only, no head). One ONNX Runtime thread everywhere.
/// </summary>
[Config(typeof(InProcessShortRun))]
[MemoryDiagnoser]
public class ServingBenchmark
{
    /// <summary>The model folder: $MLNETNAS_SERVING_MODEL.</summary>
    public static string ModelFolder => Environment.GetEnvironmentVariable("MLNETNAS_SERVING_MODEL") ?? throw new InvalidOperationException("Set MLNETNAS_SERVING_MODEL to a model folder.");

    private readonly MLContext ml = new(0);
    private DigitRow[] rows = [];
    private float[,] features = new float[0, 0];
    private float[] flatFeatures = [];
    private float[] rawOutputs = [];
    private ITransformer model = null!;
    private PredictionEngine<DigitRow, ZipOutput> engine = null!;
    private NasModel nasModel = null!;
    private InferenceSession session = null!;

    [Params(1, 64, 10000)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string zip = Path.Combine(ModelFolder, "model.zip");
        model = ml.Model.Load(zip, out _);
        engine = ml.Model.CreatePredictionEngine<DigitRow, ZipOutput>(model);
        nasModel = NasModel.Load(zip);
        var lines = File.ReadLines(DigitsPath()).Skip(1).Select(l => l.Split(',')).ToArray();
        rows = [.. Enumerable.Range(0, Batch).Select(i =>
        {
            var row = new DigitRow();
            for (int p = 0; p < 64; p++)
            {
                row.Set(p, float.Parse(lines[i % lines.Length][p], CultureInfo.InvariantCulture));
            }

            return row;
        })];
        int width = nasModel.FeatureCount ?? throw new InvalidOperationException("The model folder's winner is not a network; train with --trainers nas.");
        var featurizer = ((TransformerChain<ITransformer>)((TransformerChain<ITransformer>)model).First()).First();
        var featureRows = featurizer.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Features").ToArray();
        features = new float[Batch, width];
        flatFeatures = new float[Batch * width];
        for (int r = 0; r < Batch; r++)
        {
            for (int c = 0; c < width; c++)
            {
                features[r, c] = featureRows[r][c];
                flatFeatures[(r * width) + c] = featureRows[r][c];
            }
        }

        session = new InferenceSession(File.ReadAllBytes(Path.Combine(ModelFolder, "model.onnx")), new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        rawOutputs = new float[Batch * (int)session.OutputMetadata[session.OutputNames[0]].Dimensions[^1]];
    }

    [Benchmark(Baseline = true, Description = "PredictionEngine, row by row")]
    public int PredictionEngineRows()
    {
        int found = 0;
        foreach (var row in rows)
        {
            found += engine.Predict(row).PredictedLabel.Length;
        }

        return found;
    }

    [Benchmark(Description = "ML.NET Transform over an IDataView")]
    public int MlNetTransform()
    {
        int found = 0;
        foreach (var label in model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<ReadOnlyMemory<char>>("PredictedLabel"))
        {
            found += label.Length;
        }

        return found;
    }

    [Benchmark(Description = "NasModel.Predict(typed rows)")]
    public int NasModelTyped() => Batch == 1 ? nasModel.PredictRow(rows[0]).PredictedLabel!.Length : nasModel.Predict(rows).Length;

    [Benchmark(Description = "NasModel.Predict(float[,] features)")]
    public int NasModelFeatures() => nasModel.Predict(features).Length;

    [Benchmark(Description = "raw ONNX Runtime, batched (no head)")]
    public float RawOnnxRuntime()
    {
        int width = flatFeatures.Length / Batch;
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, flatFeatures.AsMemory(), [Batch, width]);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, rawOutputs.AsMemory(), [Batch, rawOutputs.Length / Batch]);
        using var options = new RunOptions();
        session.Run(options, [session.InputNames[0]], [input], [session.OutputNames[0]], [output]);
        return rawOutputs[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        engine.Dispose();
        nasModel.Dispose();
        session.Dispose();
    }

    /// <summary>Runs every case and prints rows per second beside BenchmarkDotNet's own table.</summary>
    public static int Run(string modelFolder, string[] benchmarkArgs)
    {
        Environment.SetEnvironmentVariable("MLNETNAS_SERVING_MODEL", Path.GetFullPath(modelFolder));
        var summary = BenchmarkRunner.Run<ServingBenchmark>(args: benchmarkArgs);
        Console.WriteLine();
        Console.WriteLine($"| method | batch | µs per call | rows/s | ratio to raw ORT | (MlNetNas.Benchmarks serving --model {modelFolder}, {Environment.ProcessorCount} cores) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var byCase = summary.Reports.Where(r => r.ResultStatistics is not null)
            .Select(r => (Method: r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), Raw: r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(RawOnnxRuntime), Batch: (int)r.BenchmarkCase.Parameters["Batch"], Nanoseconds: r.ResultStatistics!.Mean)).ToArray();
        foreach (var c in byCase.OrderBy(c => c.Batch))
        {
            double raw = byCase.Single(o => o.Batch == c.Batch && o.Raw).Nanoseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Method} | {c.Batch} | {c.Nanoseconds / 1000:F1} | {c.Batch / (c.Nanoseconds * 1e-9):N0} | {raw / c.Nanoseconds:F2} | |"));
        }

        return summary.HasCriticalValidationErrors ? 1 : 0;
    }

    private static string DigitsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "data", "digits.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("data/digits.csv not found above " + AppContext.BaseDirectory);
    }

    /// <summary>What ML.NET's prediction engine reads of the model.zip.</summary>
    public sealed class ZipOutput
    {
        public string PredictedLabel { get; set; } = string.Empty;

        public float[] Score { get; set; } = [];
    }

    /// <summary>In-process (the model folder is passed through the environment), a short run: 2 warm-ups, 5 measured iterations.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun()
        {
            AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
