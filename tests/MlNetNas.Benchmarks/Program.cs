using MlNetNas.Benchmarks;
using MlNetNas.Data;

// dotnet run -c Release --project tests/MlNetNas.Benchmarks -- pruning [--data PATH] [--label COL] [--pruners none,asha,median,hyperband]
//     [--trials 30] [--seed 1] [--seeds 3] [--tuner auto] [--time-fraction 0.5] [--output FILE]
// dotnet run -c Release --project tests/MlNetNas.Benchmarks -- oneshot [--data optdigits-train.csv] [--label 64] [--image-shape 8x8]
//     [--methods enas,darts,gdas] [--seed 1] [--seeds 3] [--seconds 60] [--table nats_bench_200epoch_test.csv]
// dotnet run -c Release --project tests/MlNetNas.Benchmarks -- gpu-throughput [--device auto] [--steps 200] [--warmup 20]   (TorchSharp twin of gpu/torch_twin.py)
// dotnet run -c Release --project tests/MlNetNas.Benchmarks -- serving --model OUT   (OUT: mlnet-nas classification on data/digits.csv, a network winner)
// dotnet run -c Release --project tests/MlNetNas.Benchmarks -- scoring --model OUT --dataset FILE   (rows/s of OUT/model.zip through its saved loader)
// dotnet run -c Release --project tests/MlNetNas.Benchmarks -- ablation [--files FILE:LABEL:TASK;...] [--seeds 3] [--arms TEXT,...]   (the tabular MLP's techniques one at a time)
var options = new Dictionary<string, string>(StringComparer.Ordinal);
if (args.Length == 0 || args[0] is not ("pruning" or "oneshot" or "serving" or "gpu-throughput" or "scoring" or "ablation"))
{
    Console.Error.WriteLine("usage: MlNetNas.Benchmarks pruning [--data PATH] [--label COL] [--pruners none,asha,median,hyperband] [--trials 30] [--seed 1] [--seeds 3] [--tuner auto] [--time-fraction 0.5] [--output FILE]");
    Console.Error.WriteLine("       MlNetNas.Benchmarks serving --model OUT");
    Console.Error.WriteLine("       MlNetNas.Benchmarks scoring --model OUT --dataset FILE");
    Console.Error.WriteLine("       MlNetNas.Benchmarks ablation [--files FILE:LABEL:classification|regression;...] [--seeds 3] [--arms TEXT,...]");
    Console.Error.WriteLine("       MlNetNas.Benchmarks gpu-throughput [--device auto] [--steps 200] [--warmup 20]");
    Console.Error.WriteLine("       MlNetNas.Benchmarks oneshot [--data PATH] [--label 64] [--image-shape 8x8] [--methods enas,darts,gdas] [--seed 1] [--seeds 3] [--seconds 60] [--table PATH]");
    return 2;
}

for (var i = 1; i < args.Length && args[i] != "--"; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"expected --name value pairs; got '{args[i]}'");
        return 2;
    }

    options[args[i][2..]] = args[i + 1];
}

string Get(string name, string fallback) => options.GetValueOrDefault(name, fallback);
if (args[0] == "gpu-throughput")
{
    return GpuThroughputBenchmark.Run(Get("device", "auto"), Int("steps", "200"), Int("warmup", "20"));
}

if (args[0] == "ablation")
{
    var files = options.TryGetValue("files", out var list)
        ? list.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split(':')).Select(f => (f[0], f[1], f[2] == "regression" ? DataTask.Regression : DataTask.Classification)).ToList()
        : [(FindShared("mlnet-samples", "optdigits-train.csv"), "64", DataTask.Classification),
           (FindShared("tabular", "breast_cancer.csv"), "diagnosis", DataTask.Classification),
           (FindShared("mlnet-samples", "bike-hour-train.csv"), "cnt", DataTask.Regression)];
    string[] arms = options.TryGetValue("arms", out var armList) ? armList.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
    return TabularAblation.Run(files, Int("seeds", "3"), arms);
}

if (args[0] == "scoring")
{
    return ScoringThroughput.Run(Get("model", "out"), Get("dataset", string.Empty));
}

if (args[0] == "serving")
{
    // Arguments after "--" go to BenchmarkDotNet, e.g. -- --filter '*NasModel*'.
    int split = Array.IndexOf(args, "--");
    return ServingBenchmark.Run(Get("model", "out"), split < 0 ? [] : args[(split + 1)..]);
}

int Int(string name, string fallback) => int.Parse(Get(name, fallback), System.Globalization.CultureInfo.InvariantCulture);
if (args[0] == "oneshot")
{
    return new OneShotBenchmark(
        Get("data", FindShared("mlnet-samples", "optdigits-train.csv")),
        Int("label", "64"),
        MlNetNas.Architectures.InputSpec.ParseImageShape(Get("image-shape", "8x8")),
        Get("methods", "enas,darts,gdas").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Int("seed", "1"),
        Int("seeds", "3"),
        double.Parse(Get("seconds", "60"), System.Globalization.CultureInfo.InvariantCulture),
        options.GetValueOrDefault("table") ?? FindShared("nasbench201", "nats_bench_200epoch_test.csv")).Run();
}

var data = Get("data", FindDigits());
var benchmark = new PruningBenchmark(
    data,
    Get("label", "digit"),
    Get("pruners", "none,asha,median").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    int.Parse(Get("trials", "30"), System.Globalization.CultureInfo.InvariantCulture),
    int.Parse(Get("seed", "1"), System.Globalization.CultureInfo.InvariantCulture),
    int.Parse(Get("seeds", "3"), System.Globalization.CultureInfo.InvariantCulture),
    Get("tuner", "auto"),
    options.GetValueOrDefault("output"),
    options.TryGetValue("time-fraction", out var fraction) ? double.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture) : null);
return benchmark.Run("MlNetNas.Benchmarks " + string.Join(' ', args));

static string FindShared(string folder, string file)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "..", "shared", "data", folder, file);
        if (File.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    throw new FileNotFoundException($"{file} not found under ../shared/data/{folder}; pass --data or --table.");
}

static string FindDigits()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        foreach (var candidate in new[] { Path.Combine(dir.FullName, "..", "shared", "data", "tabular", "digits.csv"), Path.Combine(dir.FullName, "data", "digits.csv") })
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
    }

    throw new FileNotFoundException("digits.csv not found under ../shared/data/tabular or data/; pass --data PATH.");
}
