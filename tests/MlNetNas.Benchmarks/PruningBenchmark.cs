using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Search;
using MlNetNas.Search.Pruning;

namespace MlNetNas.Benchmarks;

/// <summary>
/// Runs the NAS experiment (MLP space only) on one data set with each pruner and several seeds, and prints per pruner:
/// the best validation accuracy, the test accuracy of the best trial's model on a held-out test split, the wall time
/// and how many trials were pruned. Same seeds and tuner for every pruner. "none" runs a fixed number of trials; the
/// other pruners run either the same number of trials or, with a time fraction, as many trials as fit in that
/// fraction of the wall time "none" took with the same seed (the question multi-fidelity answers: is the best model
/// as good in less time?).
/// </summary>
internal sealed class PruningBenchmark
{
    private readonly string dataPath;
    private readonly string label;
    private readonly string[] pruners;
    private readonly int trials;
    private readonly int firstSeed;
    private readonly int seeds;
    private readonly string tuner;
    private readonly string? output;
    private readonly double? timeFraction;

    public PruningBenchmark(string dataPath, string label, string[] pruners, int trials, int firstSeed, int seeds, string tuner, string? output, double? timeFraction)
    {
        if (timeFraction is not null && !pruners.Contains("none"))
        {
            throw new ArgumentException("--time-fraction needs 'none' among the pruners: its wall time sets the others' budget.");
        }

        this.timeFraction = timeFraction;
        this.dataPath = dataPath;
        this.label = label;
        this.pruners = pruners;
        this.trials = trials;
        this.firstSeed = firstSeed;
        this.seeds = seeds;
        this.tuner = tuner;
        this.output = output;
    }

    public int Run(string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var runs = new List<RunResult>();
        var csv = new List<string> { "pruner,seed,trials,pruned,epochs,best_validation_accuracy,test_accuracy,seconds" };
        foreach (var seed in Enumerable.Range(firstSeed, seeds))
        {
            double? budget = null;
            foreach (var name in pruners.OrderBy(p => p == "none" ? 0 : 1))
            {
                var run = RunOne(name, seed, name == "none" ? null : budget);
                if (name == "none" && timeFraction is { } fraction)
                {
                    budget = run.Seconds * fraction;
                }

                runs.Add(run);
                csv.Add(string.Create(inv, $"{run.Pruner},{run.Seed},{run.Trials},{run.Pruned},{run.Epochs},{run.BestValidation:F4},{run.Test:F4},{run.Seconds:F1}"));
                Console.WriteLine(string.Create(inv, $"  {run.Pruner,-8} seed {run.Seed}: best validation {run.BestValidation:F4}, test {run.Test:F4}, {run.Seconds,6:F1}s, {run.Pruned}/{run.Trials} pruned, {run.Epochs} epochs trained"));
            }
        }

        Console.WriteLine();
        var budgetText = timeFraction is { } f
            ? $"'none' runs {trials} trials, the others as many as fit in {f:P0} of its wall time (same seed)"
            : $"{trials} trials per run";
        Console.WriteLine($"Pruning benchmark: {Path.GetFileName(dataPath)} (label '{label}'), NAS MLP space only, tuner {tuner}, {budgetText}, seeds {firstSeed}..{firstSeed + seeds - 1}; 20% test split (seeded), 20% of the rest for validation; CPU");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"command: {command}");
        Console.WriteLine($"{"pruner",-10}{"runs",6}{"best val acc",20}{"test acc",20}{"wall s",16}{"trials",8}{"pruned",10}{"epochs",10}{"time vs none",14}");
        var baseline = runs.Where(r => r.Pruner == "none").Select(r => r.Seconds).DefaultIfEmpty(double.NaN).Average();
        foreach (var name in pruners)
        {
            var mine = runs.Where(r => r.Pruner == name).ToArray();
            var seconds = mine.Average(r => r.Seconds);
            Console.WriteLine(string.Create(inv,
                $"{name,-10}{mine.Length,6}{MeanStd(mine.Select(r => r.BestValidation)),20}{MeanStd(mine.Select(r => r.Test)),20}{MeanStd(mine.Select(r => r.Seconds), "F1"),16}{mine.Average(r => r.Trials),8:F1}{mine.Average(r => r.Pruned),10:F1}{mine.Average(r => r.Epochs),10:F0}{seconds / baseline,14:P0}"));
        }

        if (output is not null)
        {
            File.WriteAllLines(output, csv);
            Console.WriteLine($"wrote {output}");
        }

        return 0;
    }

    private RunResult RunOne(string prunerName, int seed, double? seconds)
    {
        var ml = new MLContext(seed);
        var schema = ColumnInference.Infer(dataPath, label, DataTask.Classification);
        var split = ml.Data.TrainTestSplit(schema.Load(ml), 0.2, seed: 1000 + seed);
        var task = NasTask.MulticlassClassification(schema.LabelColumn);
        var experiment = ml.Nas().CreateExperiment()
            .SetDataset(split.TrainSet, 0.2)
            .SetTask(task)
            .SetPreprocessingSpace(schema)
            .SetTrainers("nas")
            .SetTuner(tuner)
            .SetPruner(PrunerFactory.Create(prunerName))
            .SetMaxTrials(seconds is null ? trials : 100_000)
            .SetTrainingTimeInSeconds(seconds ?? 24 * 3600)
            // Wall time is the search's own: no final ensemble, no refit of the winner.
            .SetEnsemble(false)
            .SetRefitOnAllData(false)
            .SetSeed(seed)
            .SetDevice("cpu");
        var clock = Stopwatch.StartNew();
        var result = experiment.RunAsync().GetAwaiter().GetResult();
        var wall = clock.Elapsed.TotalSeconds;
        return new RunResult(prunerName, seed, result.Trials.Count, result.Trials.Count(t => t.Status == TrialStatus.Pruned),
            result.Trials.Sum(t => t.Epochs ?? 0), result.BestTrial.Metric ?? double.NaN, TestAccuracy(ml, result.BestModel, split.TestSet, schema.LabelColumn), wall);
    }

    internal static double TestAccuracy(MLContext ml, ITransformer model, IDataView test, string labelColumn)
    {
        var scored = model.Transform(test);
        if (scored.Schema["PredictedLabel"].Type is KeyDataViewType)
        {
            scored = ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel").Fit(scored).Transform(scored);
        }
        else
        {
            scored = ml.Transforms.CopyColumns("PredictedValue", "PredictedLabel").Fit(scored).Transform(scored);
        }

        var truth = Text(scored, labelColumn);
        var predicted = Text(scored, "PredictedValue");
        return truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;
    }

    private static string[] Text(IDataView view, string column) => view.Schema[column].Type switch
    {
        TextDataViewType => view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString().Trim()).ToArray(),
        NumberDataViewType n when n.RawType == typeof(double) => view.GetColumn<double>(column).Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture)).ToArray(),
        _ => view.GetColumn<float>(column).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
    };

    private static string MeanStd(IEnumerable<double> values, string format = "F4")
    {
        var x = values.ToArray();
        var mean = x.Average();
        var std = x.Length > 1 ? Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1)) : 0;
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private sealed record RunResult(string Pruner, int Seed, int Trials, int Pruned, int Epochs, double BestValidation, double Test, double Seconds);
}
