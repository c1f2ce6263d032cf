using System.Globalization;

namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>What one search run selected: the architecture with the best 12-epoch validation accuracy among its trials.</summary>
/// <param name="Tuner">The tuner's name.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Architecture">The selected architecture string.</param>
/// <param name="ValidationAccuracy">Its 12-epoch validation accuracy.</param>
/// <param name="Trials">How many trials the run made.</param>
public sealed record NasBench201Selection(string Tuner, int Seed, string Architecture, double ValidationAccuracy, int Trials)
{
    /// <summary>The header of <see cref="WriteCsv"/>.</summary>
    public const string CsvHeader = "tuner,seed,arch,val12";

    /// <summary>Writes selections as CSV (<see cref="CsvHeader"/>), one row per selection.</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<NasBench201Selection> selections)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(selections);
        writer.WriteLine(CsvHeader);
        foreach (var s in selections)
        {
            // Architecture strings hold '|', '~' and '+' but never a comma or quote, so no field needs quoting.
            writer.WriteLine(string.Join(",", s.Tuner, s.Seed.ToString(CultureInfo.InvariantCulture), s.Architecture, s.ValidationAccuracy.ToString("R", CultureInfo.InvariantCulture)));
        }
    }
}
