// Scores a data file with a model.zip, referencing nothing but ML.NET packages.
// Usage: ScoreModelZip <model.zip> <data.csv> [label-column]
using System.Globalization;
using ScoreModelZip;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: ScoreModelZip <model.zip> <data.csv> [label-column]");
    return 2;
}

foreach (string path in args.Take(2).Where(p => !File.Exists(p)))
{
    Console.Error.WriteLine($"error: '{path}' not found.");
    return 1;
}

string? labelColumn = args.Length == 3 ? args[2] : null;
var predictions = ModelZipScorer.Score(args[0], args[1], labelColumn);
for (int i = 0; i < predictions.Count; i++)
{
    var p = predictions[i];
    string score = string.Join(" ", p.Score.Select(s => s.ToString("F4", CultureInfo.InvariantCulture)));
    string line = p.PredictedLabel is null ? $"{i + 1,5}  Score {score}" : $"{i + 1,5}  {p.PredictedLabel,-12}  Score [{score}]";
    Console.WriteLine(p.Label is null ? line : $"{line}  (label {p.Label})");
}

if (ModelZipScorer.Accuracy(predictions) is { } accuracy)
{
    Console.WriteLine($"accuracy on '{labelColumn}': {accuracy:F4} ({predictions.Count} rows)");
}

return 0;
