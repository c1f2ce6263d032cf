using System.Text.Json.Nodes;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Cli;

/// <summary>Permutation feature importance of a saved model: at the end of a run (best.json) and with <c>mlnet-nas explain</c>.</summary>
[Collection(TorchCollection.Name)]
public sealed class ExplainCommandTests : IClassFixture<ExplainCommandTests.IrisModel>
{
    private readonly IrisModel iris;

    public ExplainCommandTests(IrisModel iris) => this.iris = iris;

    [Fact]
    public void ARun_PutsEveryColumnsImportanceInBestJson()
    {
        var importance = JsonNode.Parse(File.ReadAllText(Path.Combine(iris.Output, "best.json")))!["feature_importance"]!;

        Assert.Equal("validation rows", importance["data"]!.GetValue<string>());
        var columns = importance["columns"]!.AsArray().Select(c => c!["column"]!.GetValue<string>()).ToArray();
        Assert.Equal(["petal_length", "petal_width", "sepal_length", "sepal_width"], columns.Order());
        Assert.StartsWith("petal_", columns[0], StringComparison.Ordinal);
        Assert.Contains("feature importance on the validation rows", iris.Run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_RanksThePetalColumnsFirst_AndWritesEveryColumn()
    {
        string csv = Path.Combine(iris.Output, "importance.csv");

        var run = await CliRun.RunAsync("explain", "--model", iris.Model, "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species", "--output", csv);

        run.AssertSucceeded();
        Assert.Contains("MulticlassClassification model; drop of Accuracy", run.Out, StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal("column,drop,std", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("petal_", lines[1], StringComparison.Ordinal);
        Assert.True(double.Parse(lines[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) > 0.1, $"the top column drops accuracy by {lines[1]}");
    }

    [Fact]
    public void TheBatchedPipelineScorer_GivesTheSameImportancesAsTheModelZip()
    {
        var ml = new Microsoft.ML.MLContext(0);
        var model = ml.Model.Load(iris.Model, out _);
        var rows = MlNetNas.Data.ModelInputFile.Load(ml, iris.Model, TestData.Path("tabular", "iris.csv"));
        var (task, classes) = MlNetNas.Explanations.DeployedModelTask.Detect(ml, model, rows, "species");
        using var scorer = new MlNetNas.Onnx.Pipeline.PipelineOnnxScorer(File.ReadAllBytes(Path.Combine(iris.Output, "pipeline.onnx")), MlNetNas.Data.ModelInputFile.ReadLayout(iris.Model)!);

        var throughZip = MlNetNas.Explanations.PermutationFeatureImportance.Compute(ml, model, rows, task, classes, seed: 2);
        var batched = MlNetNas.Explanations.PermutationFeatureImportance.Compute(ml, model, rows, task, classes, seed: 2, scorer: v => scorer.Predict(v, task, classes));

        Assert.Equal(throughZip.Columns, batched.Columns);
        Assert.Equal(throughZip.Baseline, batched.Baseline);
    }

    [Fact]
    public async Task Explain_OnAFileWithoutTheLabel_SaysSo()
    {
        string unlabelled = Path.Combine(iris.Output, "unlabelled.csv");
        File.WriteAllLines(unlabelled, File.ReadLines(TestData.Path("tabular", "iris.csv")).Select(l => string.Join(',', l.Split(',')[..4])));

        var run = await CliRun.RunAsync("explain", "--model", iris.Model, "--dataset", unlabelled);

        run.AssertFailed(1, "species");
    }

    [Fact]
    public async Task Explain_WithAnotherLabel_NamesTheModelsLabel()
    {
        var run = await CliRun.RunAsync("explain", "--model", iris.Model, "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "sepal_width");

        run.AssertFailed(2, "sepal_width", "species");
    }

    /// <summary>One short iris run shared by the tests.</summary>
    public sealed class IrisModel : IAsyncLifetime
    {
        private readonly TempFolder temp = new();

        public string Output => Path.Combine(temp.Root, "out");

        public string Model => Path.Combine(Output, "model.zip");

        internal CliRun Run { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Run = await CliRun.RunAsync("classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species",
                "--trainers", "linear", "--max-trials", "2", "--train-time", "20", "--seed", "1", "--cv-folds", "1", "--output", Output);
            Run.AssertSucceeded();
        }

        public Task DisposeAsync()
        {
            temp.Dispose();
            return Task.CompletedTask;
        }
    }
}
