namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>
/// The 200-epoch test accuracies, read only after every search has finished: it is given the selected architectures and
/// reports what they score. Nothing on the search side (<see cref="NasBench201Search"/>) can reach it.
/// </summary>
public sealed class NasBench201FinalEvaluator
{
    private readonly Dictionary<string, double> _accuracy;

    private NasBench201FinalEvaluator(Dictionary<string, double> accuracy)
    {
        _accuracy = accuracy;
    }

    /// <summary>Reads the test column of <paramref name="dataset"/> from <c>nats_bench_200epoch_test.csv</c> in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file lacks the columns or holds a bad value.</exception>
    public static NasBench201FinalEvaluator Load(string dataDirectory, NasBench201Dataset dataset)
    {
        var path = Path.Combine(dataDirectory, NasBench201Tables.TestFile);
        using var reader = new StreamReader(path);
        return Read(reader, path, dataset);
    }

    /// <summary>Reads the table from CSV text with columns <c>ArchitectureString</c> and the data set's 200-epoch test column.</summary>
    /// <exception cref="InvalidDataException">The text lacks the columns or holds a bad value.</exception>
    public static NasBench201FinalEvaluator Read(TextReader reader, string source, NasBench201Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(NasBench201Tables.ReadColumn(reader, source, "ArchitectureString", NasBench201Tables.TestColumn(dataset)));
    }

    /// <summary>The 200-epoch test accuracy (percent) of a selected architecture.</summary>
    /// <exception cref="KeyNotFoundException">The architecture is not in the table.</exception>
    public double TestAccuracy(string architecture) => _accuracy.TryGetValue(architecture, out var accuracy)
        ? accuracy
        : throw new KeyNotFoundException($"Architecture '{architecture}' is not in the 200-epoch test table.");

    /// <summary>Per tuner, in order of first appearance: runs, mean and standard deviation of test accuracy, mean validation accuracy.</summary>
    public IReadOnlyList<NasBench201Summary> Summarize(IEnumerable<NasBench201Selection> selections)
    {
        ArgumentNullException.ThrowIfNull(selections);
        return selections.GroupBy(s => s.Tuner).Select(group =>
        {
            var test = group.Select(s => TestAccuracy(s.Architecture)).ToArray();
            var mean = test.Average();
            var std = test.Length > 1 ? Math.Sqrt(test.Sum(t => (t - mean) * (t - mean)) / (test.Length - 1)) : 0;
            return new NasBench201Summary(group.Key, test.Length, mean, std, group.Average(s => s.ValidationAccuracy));
        }).ToList();
    }
}
