using System.Globalization;
using MlNetNas.Architectures;
using MlNetNas.Search.OneShot;
using MlNetNas.Training;

namespace MlNetNas.Benchmarks;

/// <summary>
/// The supernet searches alone on a pixel CSV (optdigits as 8×8 images by default): for each method and seed, the
/// derived cell, the supernet's validation estimate, the seconds, epochs, why it stopped, the peak resident memory, and
/// the cell's CIFAR-10 200-epoch test accuracy in NAS-Bench-201 (a check that the search did not collapse, not a
/// benchmark result: the cell was searched on other data). Retraining and scoring go through the CLI (benchmarks/oneshot-optdigits.sh).
/// </summary>
internal sealed class OneShotBenchmark(string data, int labelColumn, InputSpec input, string[] methods, int firstSeed, int seeds, double seconds, string? table)
{
    public int Run()
    {
        var (train, validation, classes) = Load();
        var lookup = table is not null && File.Exists(table) ? ReadTable(table) : null;
        Console.WriteLine($"# {data}: {train.Rows} training and {validation.Rows} validation rows, {classes} classes, {seconds} s per search");
        Console.WriteLine("method,seed,cell,supernet_accuracy,seconds,epochs,planned,peak_rss_mb,nb201_cifar10,stop");
        foreach (string name in methods)
        {
            var method = Enum.Parse<OneShotMethod>(name, ignoreCase: true);
            for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
            {
                var result = SupernetSearch.Run(input, classes, train, validation, new OneShotOptions { Method = method, Seed = seed, TimeBudget = TimeSpan.FromSeconds(seconds) });
                string cifar = lookup?.TryGetValue(result.Cell.ToString(), out double a) == true ? a.ToString("F2", CultureInfo.InvariantCulture) : "?";
                Console.WriteLine(string.Join(',', name, seed, result.Cell, result.SupernetAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                    result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), result.Epochs, result.PlannedEpochs,
                    (result.PeakResidentBytes >> 20).ToString(CultureInfo.InvariantCulture), cifar, $"\"{result.StopReason}\""));
            }
        }

        return 0;
    }

    private (TrainingData Train, TrainingData Validation, int Classes) Load()
    {
        var rows = File.ReadLines(data).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        if (!float.TryParse(rows[0][0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            rows.RemoveAt(0);
        }

        int width = input.FlatWidth;
        var features = rows.Select(r => r.Where((_, i) => i != labelColumn).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        if (features.Any(f => f.Length != width))
        {
            throw new InvalidDataException($"Every row needs {width} pixel columns besides the label for {input}.");
        }

        float max = features.Max(f => f.Max());
        var labels = rows.Select(r => r[labelColumn]).ToArray();
        var classes = labels.Distinct().Order(StringComparer.Ordinal).ToList();
        int[] order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(0).Shuffle(order);
        int validationRows = rows.Count / 5;
        TrainingData Take(IEnumerable<int> which) => new(
            which.SelectMany(i => features[i].Select(v => v / max)).ToArray(), width, which.Select(i => (float)classes.IndexOf(labels[i])).ToArray());
        return (Take(order[validationRows..]), Take(order[..validationRows]), classes.Count);
    }

    private static Dictionary<string, double> ReadTable(string path)
    {
        var lines = File.ReadLines(path).ToList();
        var header = lines[0].Split(',');
        int accuracy = Array.IndexOf(header, "CIFAR10TestAccuracy200Epochs");
        int arch = Array.IndexOf(header, "ArchitectureString");
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[arch], c => double.Parse(c[accuracy], CultureInfo.InvariantCulture));
    }
}
