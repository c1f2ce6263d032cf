namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>
/// The 12-epoch validation accuracies of one data set: the only thing a search may see. It reads the validation column
/// alone, so no test accuracy is ever loaded into the search side of the benchmark.
/// </summary>
public sealed class NasBench201ValidationTable : IArchitectureOracle
{
    private readonly Dictionary<string, double> _accuracy;

    private NasBench201ValidationTable(Dictionary<string, double> accuracy)
    {
        _accuracy = accuracy;
    }

    /// <summary>How many architectures the table holds.</summary>
    public int Count => _accuracy.Count;

    /// <summary>Reads the validation column of <paramref name="dataset"/> from <c>nb201_12epoch.csv</c> in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file lacks the columns or holds a bad value.</exception>
    public static NasBench201ValidationTable Load(string dataDirectory, NasBench201Dataset dataset)
    {
        var path = Path.Combine(dataDirectory, NasBench201Tables.ValidationFile);
        using var reader = new StreamReader(path);
        return Read(reader, path, dataset);
    }

    /// <summary>Reads the table from CSV text with columns <c>cellstr</c> and <c>{dataset}-val</c>.</summary>
    /// <exception cref="InvalidDataException">The text lacks the columns or holds a bad value.</exception>
    public static NasBench201ValidationTable Read(TextReader reader, string source, NasBench201Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(NasBench201Tables.ReadColumn(reader, source, "cellstr", NasBench201Tables.ValidationColumn(dataset)));
    }

    /// <inheritdoc />
    public double ValidationAccuracy(string architecture) => _accuracy.TryGetValue(architecture, out var accuracy)
        ? accuracy
        : throw new KeyNotFoundException($"Architecture '{architecture}' is not in the 12-epoch table.");
}
