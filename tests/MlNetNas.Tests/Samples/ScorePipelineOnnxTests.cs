using MlNetNas.Tests.Cli;
using MlNetNas.Tests.Data;
using ScorePipelineOnnx;

namespace MlNetNas.Tests.Samples;

/// <summary>The ONNX Runtime-only sample scores a pipeline.onnx from the CLI as model.zip does.</summary>
[Collection(TorchCollection.Name)]
public sealed class ScorePipelineOnnxTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task ThePipeline_GivesThePredictLabels_FromTheRawCsv()
    {
        string output = Path.Combine(temp.Root, "out");
        string data = TestData.Path("tabular", "iris.csv");
        var train = await CliRun.RunAsync("classification", "--dataset", data, "--label-col", "species", "--trainers", "nas,lightgbm", "--max-trials", "3",
            "--train-time", "20", "--seed", "1", "--output", output);
        var predict = await CliRun.RunAsync("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", data, "--output", Path.Combine(temp.Root, "p.csv"));
        train.AssertSucceeded();
        predict.AssertSucceeded();

        var scored = PipelineScorer.Score(Path.Combine(output, "pipeline.onnx"), data);

        var expected = File.ReadLines(Path.Combine(temp.Root, "p.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(expected, scored.Select(p => p.Label));
    }
}
