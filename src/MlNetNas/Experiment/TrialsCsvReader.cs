using System.Globalization;
using System.Text;
using MlNetNas.Search;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>Reads a <c>trials.csv</c> written by <see cref="TrialsCsvWriter"/>, e.g. to warm-start a new experiment.</summary>
public static class TrialsCsvReader
{
    /// <summary>
    /// The trials of <paramref name="path"/>; their metric must be <paramref name="metric"/> (the column name says
    /// which metric a file holds), so losses stay comparable.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a trials.csv, or it holds another metric; the message says which line or column.</exception>
    public static IReadOnlyList<TrialResult> Read(string path, NasMetric metric)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The trials file '{path}' was not found.", path);
        }

        var lines = File.ReadAllLines(path);
        string[] header = lines.Length > 0 ? Split(lines[0]) : [];
        if (header.Length < 9 || header[0] != "trial" || header[1] != "trainer" || header[7] != "parameters")
        {
            throw new InvalidDataException($"'{path}' is not a trials.csv written by mlnet-nas (expected the header 'trial,trainer,status,<metric>,seconds,epochs,architecture,parameters,error').");
        }

        string expected = metric.ToString().ToLowerInvariant();
        if (header[3] != expected)
        {
            throw new InvalidDataException($"'{path}' holds the metric '{header[3]}', but this experiment optimizes '{expected}'.");
        }

        var trials = new List<TrialResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            string[] cells = Split(lines[i]);
            try
            {
                var status = Enum.Parse<TrialStatus>(cells[2], ignoreCase: true);
                double? value = cells[3].Length == 0 ? null : double.Parse(cells[3], CultureInfo.InvariantCulture);
                var duration = TimeSpan.FromSeconds(double.Parse(cells[4], CultureInfo.InvariantCulture));
                int? epochs = cells[5].Length == 0 ? null : int.Parse(cells[5], CultureInfo.InvariantCulture);
                trials.Add(new TrialResult(
                    int.Parse(cells[0], CultureInfo.InvariantCulture), cells[1], Parameter.FromJson(cells[7]), status, value, duration,
                    cells[8].Length == 0 ? null : cells[8], cells[6].Length == 0 ? null : cells[6], epochs)
                {
                    // Files of earlier versions end at the error column.
                    SupernetAccuracy = cells.Length > 9 && cells[9].Length > 0 ? double.Parse(cells[9], CultureInfo.InvariantCulture) : null,
                    PeakMemoryBytes = cells.Length > 10 && cells[10].Length > 0 ? long.Parse(cells[10], CultureInfo.InvariantCulture) << 20 : null,
                });
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"'{path}', line {i + 1}: {e.Message}", e);
            }
        }

        return trials;
    }

    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}
