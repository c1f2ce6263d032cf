// dotnet run --project samples/ScorePipelineOnnx -- out/pipeline.onnx data/iris.csv [species]
using ScorePipelineOnnx;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ScorePipelineOnnx PIPELINE.onnx DATA.csv [LABEL_COLUMN]");
    return 2;
}

var predictions = PipelineScorer.Score(args[0], args[1]);
foreach (var (label, score) in predictions.Take(10))
{
    Console.WriteLine($"{label}\t{score:F4}");
}

if (args.Length > 2)
{
    string[] lines = File.ReadAllLines(args[1]);
    int column = Array.IndexOf(lines[0].Split(','), args[2]);
    var truth = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[column]).ToArray();
    Console.WriteLine($"accuracy {truth.Zip(predictions).Count(p => p.First == p.Second.Label) / (double)truth.Length:F4} on {truth.Length} rows");
}

return 0;
