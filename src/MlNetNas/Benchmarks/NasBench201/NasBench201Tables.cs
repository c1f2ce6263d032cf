using System.Globalization;

namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>File names, column names and a CSV column reader shared by the benchmark's two tables.</summary>
public static class NasBench201Tables
{
    /// <summary>The 12-epoch table (architecture strings in <c>cellstr</c>, validation in <c>{dataset}-val</c>).</summary>
    public const string ValidationFile = "nb201_12epoch.csv";

    /// <summary>The 200-epoch test table (architecture strings in <c>ArchitectureString</c>).</summary>
    public const string TestFile = "nats_bench_200epoch_test.csv";

    /// <summary>The command-line name of a data set.</summary>
    public static string Name(NasBench201Dataset dataset) => dataset switch
    {
        NasBench201Dataset.Cifar10 => "cifar10",
        NasBench201Dataset.Cifar100 => "cifar100",
        _ => "imagenet16-120",
    };

    /// <summary>The data set named <paramref name="name"/> (cifar10, cifar100, imagenet16-120).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static NasBench201Dataset Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "cifar10" => NasBench201Dataset.Cifar10,
        "cifar100" => NasBench201Dataset.Cifar100,
        "imagenet16-120" or "imagenet" => NasBench201Dataset.ImageNet16_120,
        _ => throw new ArgumentException($"Unknown NAS-Bench-201 data set '{name}'; expected cifar10, cifar100 or imagenet16-120.", nameof(name)),
    };

    /// <summary>The 12-epoch validation column of a data set in <see cref="ValidationFile"/>.</summary>
    public static string ValidationColumn(NasBench201Dataset dataset) => dataset switch
    {
        NasBench201Dataset.Cifar10 => "cifar10-val",
        NasBench201Dataset.Cifar100 => "cifar100-val",
        _ => "imagenet-val",
    };

    /// <summary>The 200-epoch test column of a data set in <see cref="TestFile"/>.</summary>
    public static string TestColumn(NasBench201Dataset dataset) => dataset switch
    {
        NasBench201Dataset.Cifar10 => "CIFAR10TestAccuracy200Epochs",
        NasBench201Dataset.Cifar100 => "CIFAR100TestAccuracy200Epochs",
        _ => "ImageNetTestAccuracy200Epochs",
    };

    /// <summary>Reads two columns of a comma-separated table with a header (no quoted fields) into a dictionary.</summary>
    /// <exception cref="InvalidDataException">A column is missing, a value is not a number, or a key repeats.</exception>
    internal static Dictionary<string, double> ReadColumn(TextReader reader, string source, string keyColumn, string valueColumn)
    {
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{source} is empty; expected a header row.");
        var key = Array.IndexOf(header, keyColumn);
        var value = Array.IndexOf(header, valueColumn);
        if (key < 0 || value < 0)
        {
            throw new InvalidDataException($"{source} lacks column '{(key < 0 ? keyColumn : valueColumn)}'; its columns are: {string.Join(", ", header)}.");
        }

        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        var line = 1;
        while (reader.ReadLine() is { } row)
        {
            line++;
            if (row.Length == 0)
            {
                continue;
            }

            var fields = row.Split(',');
            if (fields.Length <= Math.Max(key, value)
                || !double.TryParse(fields[value], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidDataException($"{source} line {line}: expected a number in column '{valueColumn}'; got '{(fields.Length > value ? fields[value] : string.Empty)}'.");
            }

            if (!table.TryAdd(fields[key], number))
            {
                throw new InvalidDataException($"{source} line {line}: architecture '{fields[key]}' appears twice.");
            }
        }

        return table;
    }
}
