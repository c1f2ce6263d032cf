using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Benchmarks;

/// <summary>
/// Rows per second of a saved model.zip scoring a data file through its own saved loader, as an app with ML.NET alone
/// would (LoadWithDataLoader, Transform, a cursor over PredictedLabel): one warm-up pass, then the median of five passes.
/// Any model folder works; it is how the text models' scoring speed is measured.
/// </summary>
internal static class ScoringThroughput
{
    public static int Run(string modelFolder, string dataset)
    {
        var ml = new MLContext(1);
        string zip = Path.Combine(modelFolder, "model.zip");
        var model = ml.Model.LoadWithDataLoader(zip, out var loader);
        var rows = loader.Load(new MultiFileSource(dataset));
        long Pass()
        {
            var scored = model.Transform(rows);
            var column = scored.Schema["PredictedLabel"];
            using var cursor = scored.GetRowCursor([column]);
            long count = 0;
            if (column.Type is TextDataViewType)
            {
                var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                var value = default(ReadOnlyMemory<char>);
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    count++;
                }
            }
            else
            {
                while (cursor.MoveNext())
                {
                    count++;
                }
            }

            return count;
        }

        long n = Pass();
        var seconds = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            Pass();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        double median = seconds.Order().ElementAt(2);
        Console.WriteLine($"{zip}: {n} rows of {Path.GetFileName(dataset)} in {median:F3} s (median of 5 after a warm-up): {n / median:F0} rows/s, {Environment.ProcessorCount} cores");
        return 0;
    }
}
