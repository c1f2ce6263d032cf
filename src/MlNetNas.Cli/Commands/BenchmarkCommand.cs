using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MlNetNas.Benchmarks.NasBench201;
using MlNetNas.Search;

namespace MlNetNas.Cli.Commands;

/// <summary>
/// <c>benchmark nasbench201</c>: runs tuners on the NAS-Bench-201 tables for many seeds, writes the selected
/// architectures to selected.csv and prints each tuner's mean 200-epoch test accuracy.
/// </summary>
internal sealed class BenchmarkCommand
{
    private const string DataFolder = "shared/data/nasbench201";
    private readonly Option<string> dataset = new("--dataset") { Description = "cifar10 | cifar100 | imagenet16-120.", DefaultValueFactory = _ => "cifar10" };
    private readonly Option<string> tuner = new("--tuner") { Description = $"Comma-separated tuners: {string.Join(", ", TunerFactory.Names)}, or progressive:NAME.", DefaultValueFactory = _ => "random" };
    private readonly Option<int> trials = new("--trials") { Description = "Trials (table look-ups) per run.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> seeds = new("--seeds") { Description = "Runs per tuner, one per seed.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> seed = new("--seed") { Description = "The first seed; runs use seed, seed+1, ….", DefaultValueFactory = _ => 1 };
    private readonly Option<string> output = new("--output") { Description = "Output folder for selected.csv and summary.csv.", DefaultValueFactory = _ => "nasbench201-out" };
    private readonly Option<string?> dataDir = new("--data-dir") { Description = $"Folder with the NAS-Bench-201 tables; default: the first {DataFolder} found upwards from the current or the program's folder." };
    private readonly CliConsole console;

    public BenchmarkCommand(CliConsole console)
    {
        this.console = console;
    }

    public Command Build()
    {
        var nasBench = new Command("nasbench201", "Search the NAS-Bench-201 cell with table look-ups (12-epoch validation) and report the selected architectures' 200-epoch test accuracy.")
        {
            dataset, tuner, trials, seeds, seed, output, dataDir,
        };
        nasBench.SetAction((result, token) => CommandRunner.RunAsync(() => Task.FromResult(Run(result, token)), console.Error));
        return new Command("benchmark", "Benchmarks of the search strategies.") { nasBench };
    }

    private int Run(ParseResult args, CancellationToken cancellationToken)
    {
        NasBench201Dataset data;
        try
        {
            data = NasBench201Tables.Parse(args.GetValue(dataset)!);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--dataset: {e.Message}");
        }

        var tuners = args.GetValue(tuner)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).Distinct().ToArray();
        foreach (var name in tuners)
        {
            if (!TunerFactory.IsKnown(name, out var tunerError))
            {
                throw new UsageException($"--tuner: {tunerError}");
            }
        }

        if (tuners.Length == 0)
        {
            throw new UsageException("--tuner names no tuner.");
        }

        int trialCount = args.GetValue(trials), seedCount = args.GetValue(seeds), firstSeed = args.GetValue(seed);
        if (trialCount < 1 || seedCount < 1)
        {
            throw new UsageException($"--trials and --seeds must be at least 1; got {trialCount} and {seedCount}.");
        }

        var folder = ResolveDataDirectory(args.GetValue(dataDir));
        string outputFolder = OutputFolder.Prepare(args.GetValue(output)!);

        // The search side gets the validation table only; the test table is loaded after every run has finished.
        var search = new NasBench201Search(NasBench201ValidationTable.Load(folder, data));
        var selections = new List<NasBench201Selection>();
        var seconds = new Dictionary<string, double>();
        foreach (var name in tuners)
        {
            var clock = Stopwatch.StartNew();
            selections.AddRange(search.RunAll([name], firstSeed, seedCount, trialCount, cancellationToken));
            seconds[name] = clock.Elapsed.TotalSeconds;
            console.Out.WriteLine($"{name}: {seedCount} runs of {trialCount} trials in {seconds[name]:F1}s");
        }

        using (var writer = new StreamWriter(Path.Combine(outputFolder, "selected.csv")))
        {
            NasBench201Selection.WriteCsv(writer, selections);
        }

        var summaries = NasBench201FinalEvaluator.Load(folder, data).Summarize(selections);
        using (var writer = new StreamWriter(Path.Combine(outputFolder, "summary.csv")))
        {
            writer.WriteLine("tuner,runs,trials,test200_mean,test200_std,val12_mean,seconds");
            foreach (var s in summaries)
            {
                writer.WriteLine(string.Join(",", s.Tuner, s.Runs, trialCount, F(s.TestMean), F(s.TestStd), F(s.ValidationMean), F(seconds[s.Tuner])));
            }
        }

        var inv = CultureInfo.InvariantCulture;
        console.Out.WriteLine();
        console.Out.WriteLine($"NAS-Bench-201 {NasBench201Tables.Name(data)}: {trialCount} trials per run, seeds {firstSeed}..{firstSeed + seedCount - 1}; "
            + $"search sees 12-epoch validation only; reported: 200-epoch test accuracy of the selected architecture");
        console.Out.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        console.Out.WriteLine($"command: mlnet-nas benchmark nasbench201 --dataset {NasBench201Tables.Name(data)} --tuner {string.Join(",", tuners)} --trials {trialCount} --seeds {seedCount} --seed {firstSeed}");
        int width = Math.Max(24, tuners.Max(t => t.Length) + 2);
        console.Out.WriteLine($"{"tuner".PadRight(width)}{"runs",6}{"test200 mean ± std",22}{"val12 mean",12}{"seconds",10}");
        foreach (var s in summaries.OrderByDescending(s => s.TestMean))
        {
            console.Out.WriteLine(string.Create(inv, $"{s.Tuner.PadRight(width)}{s.Runs,6}{$"{s.TestMean:F2} ± {s.TestStd:F2}",22}{s.ValidationMean,12:F2}{seconds[s.Tuner],10:F1}"));
        }

        console.Out.WriteLine($"wrote {Path.Combine(outputFolder, "selected.csv")} and summary.csv");
        return ExitCodes.Success;
    }

    private static string F(double d) => d.ToString("F4", CultureInfo.InvariantCulture);

    private static string ResolveDataDirectory(string? given)
    {
        if (given is not null)
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : throw new UsageException($"--data-dir '{given}' does not exist.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DataFolder);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new UsageException($"No {DataFolder} folder found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; pass --data-dir.");
    }
}
