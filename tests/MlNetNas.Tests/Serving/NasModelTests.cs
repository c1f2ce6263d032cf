using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Serving;
using MlNetNas.Tests.Cli;
using MlNetNas.Tests.Data;

namespace MlNetNas.Tests.Serving;

/// <summary>Batched scoring gives the model.zip's own answers: labels identical, scores within 1e-5, on every path and thread.</summary>
[Collection(TorchCollection.Name)]
public sealed class NasModelTests : IClassFixture<NasModelTests.Models>
{
    private readonly Models models;

    public NasModelTests(Models models) => this.models = models;

    [Fact]
    public void AMulticlassNetwork_BatchSingleRowAndFeatureArray_MatchTheModelZip()
    {
        var (labels, scores) = MlNetAnswers(models.IrisNetwork, out var rows);
        using var model = NasModel.Load(Path.Combine(models.IrisNetwork, "model.zip"));

        Assert.True(model.HasNetwork);
        var batch = model.Predict(rows);
        Assert.Equal(labels, batch.Select(p => p.PredictedLabel));
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(scores[r][c], batch[r].ClassProbabilities![c], 1e-5));
            Assert.Equal(batch[r], model.PredictRow(rows[r]), PredictionComparer.Instance);
        }

        // model.onnx takes the featurized rows: the same answers from a float[,] of the featurizer's output.
        using var onnx = NasModel.Load(Path.Combine(models.IrisNetwork, "model.onnx"));
        var features = Featurized(models.IrisNetwork, rows.Length, onnx.FeatureCount!.Value);
        Assert.Equal(batch, onnx.Predict(features), PredictionComparer.Instance);
    }

    [Fact]
    public void ALargeBatch_FeaturizedInOneDataView_GivesTheSameAnswersAsSmallOnes()
    {
        MlNetAnswers(models.IrisNetwork, out var rows);
        using var model = NasModel.Load(Path.Combine(models.IrisNetwork, "model.zip"));
        var small = model.Predict(rows);

        var large = model.Predict([.. Enumerable.Repeat(rows, 8).SelectMany(r => r)]);

        Assert.Equal(8 * rows.Length, large.Length);
        Assert.Equal(Enumerable.Repeat(small, 8).SelectMany(p => p), large, PredictionComparer.Instance);
    }

    [Fact]
    public void OneModel_ServesManyThreads_WithTheSameAnswersAsOne()
    {
        MlNetAnswers(models.IrisNetwork, out var rows);
        using var model = NasModel.Load(Path.Combine(models.IrisNetwork, "model.zip"));
        var expected = model.Predict(rows);

        var answers = new NasPrediction[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            // Batches of different sizes on each thread, so pooled buffers are grown and reused.
            var mine = new List<NasPrediction>();
            for (int start = 0; start < rows.Length; start += 7 + t)
            {
                mine.AddRange(model.Predict(rows[start..Math.Min(rows.Length, start + 7 + t)]));
            }

            answers[t] = [.. mine];
        });

        Assert.All(answers, a => Assert.Equal(expected, a, PredictionComparer.Instance));
    }

    [Fact]
    public void ABinaryNetwork_GivesTheFilesLabels_AndTheZipsProbability()
    {
        var ml = new MLContext(0);
        var zip = Path.Combine(models.CancerNetwork, "model.zip");
        var scored = ml.Model.Load(zip, out _).Transform(MlNetNas.Data.ModelInputFile.Load(ml, zip, TestData.Path("tabular", "breast_cancer.csv")));
        var labels = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString()).ToArray();
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        var rows = CancerRows();
        using var model = NasModel.Load(zip);

        var batch = model.Predict(rows);

        Assert.Equal(labels, batch.Select(p => p.PredictedLabel));
        Assert.All(Enumerable.Range(0, rows.Length), r => Assert.Equal(probabilities[r], batch[r].Probability!.Value, 1e-5));
        Assert.Contains("malignant", labels);
    }

    [Fact]
    public void AskingForAGpu_WithTheCpuPackage_FallsBackToTheCpu_SaysWhy_AndGivesTheSameAnswers()
    {
        MlNetAnswers(models.IrisNetwork, out var rows);
        using var cpu = NasModel.Load(Path.Combine(models.IrisNetwork, "model.zip"));
        using var gpu = NasModel.Load(Path.Combine(models.IrisNetwork, "model.zip"), gpuDeviceId: 0);

        Assert.Equal("CPU", cpu.ExecutionProvider);
        Assert.StartsWith("CPU (CUDA device 0 unavailable", gpu.ExecutionProvider, StringComparison.Ordinal);
        Assert.Equal(cpu.Predict(rows), gpu.Predict(rows), PredictionComparer.Instance);
    }

    [Fact]
    public void AClassicWinner_ScoresThroughMlNet_WithTheSameLabels()
    {
        var (labels, _) = MlNetAnswers(models.IrisLinear, out var rows);
        using var model = NasModel.Load(Path.Combine(models.IrisLinear, "model.zip"));

        Assert.False(model.HasNetwork);
        Assert.Equal(labels, model.Predict(rows).Select(p => p.PredictedLabel));
        Assert.Throws<InvalidOperationException>(() => model.Predict(new float[1, 4]));
    }

    [Fact]
    public void AZipWithoutAManifest_IsRefusedWithAClearMessage()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new IrisRow() });
        string path = Path.Combine(Path.GetTempPath(), $"plain-{Guid.NewGuid():N}.zip");
        ml.Model.Save(ml.Transforms.Concatenate("Features", "sepal_length").Fit(data), data.Schema, path);

        var error = Assert.Throws<InvalidDataException>(() => NasModel.Load(path));
        File.Delete(path);

        Assert.Contains("serving.json", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The model.zip's own labels and class probabilities for iris.csv, and iris.csv as typed rows.</summary>
    private static (string[] Labels, float[][] Scores) MlNetAnswers(string folder, out IrisRow[] rows)
    {
        var ml = new MLContext(0);
        string zip = Path.Combine(folder, "model.zip");
        var scored = ml.Model.Load(zip, out _).Transform(MlNetNas.Data.ModelInputFile.Load(ml, zip, TestData.Path("tabular", "iris.csv")));
        rows = [.. File.ReadLines(TestData.Path("tabular", "iris.csv")).Skip(1).Select(l => l.Split(',')).Select(c => new IrisRow
        {
            SepalLength = Number(c[0]), SepalWidth = Number(c[1]), PetalLength = Number(c[2]), PetalWidth = Number(c[3]),
        })];
        return (scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString()).ToArray(), scored.GetColumn<float[]>("Score").ToArray());
    }

    private static float[,] Featurized(string folder, int rows, int width)
    {
        var ml = new MLContext(0);
        string zip = Path.Combine(folder, "model.zip");
        var model = (TransformerChain<ITransformer>)ml.Model.Load(zip, out _);
        // The deployable model is (featurizer, network and head) then the label map; the featurizer is the first part of the first part.
        var featurizer = ((TransformerChain<ITransformer>)model.First()).First();
        var features = featurizer.Transform(MlNetNas.Data.ModelInputFile.Load(ml, zip, TestData.Path("tabular", "iris.csv"))).GetColumn<float[]>("Features").ToArray();
        var array = new float[rows, width];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                array[r, c] = features[r][c];
            }
        }

        return array;
    }

    private static CancerRow[] CancerRows()
    {
        string[] lines = File.ReadAllLines(TestData.Path("tabular", "breast_cancer.csv"));
        string[] header = lines[0].Split(',');
        var properties = typeof(CancerRow).GetProperties().ToDictionary(p => header.Single(h => h.Replace("_", string.Empty, StringComparison.Ordinal).Equals(p.Name, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(header.Where(h => h != "diagnosis").Order(), properties.Keys.Order());
        return [.. lines.Skip(1).Select(line =>
        {
            var row = new CancerRow();
            string[] cells = line.Split(',');
            for (int i = 0; i < header.Length; i++)
            {
                if (properties.TryGetValue(header[i], out var property))
                {
                    property.SetValue(row, Number(cells[i]));
                }
            }

            return row;
        })];
    }

    private static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Equal labels and scores within 1e-5.</summary>
    private sealed class PredictionComparer : IEqualityComparer<NasPrediction>
    {
        public static readonly PredictionComparer Instance = new();

        public bool Equals(NasPrediction? x, NasPrediction? y) =>
            x is not null && y is not null && x.PredictedLabel == y.PredictedLabel && Math.Abs(x.Score - y.Score) <= 1e-5
            && (x.ClassProbabilities ?? []).Zip(y.ClassProbabilities ?? []).All(p => Math.Abs(p.First - p.Second) <= 1e-5);

        public int GetHashCode(NasPrediction obj) => obj.PredictedLabel?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }

    /// <summary>The models the tests score: networks on iris and breast_cancer, a linear model on iris (short CLI runs).</summary>
    public sealed class Models : IAsyncLifetime
    {
        private readonly TempFolder temp = new();

        public string IrisNetwork => Path.Combine(temp.Root, "iris-nas");

        public string IrisLinear => Path.Combine(temp.Root, "iris-linear");

        public string CancerNetwork => Path.Combine(temp.Root, "cancer-nas");

        public async Task InitializeAsync()
        {
            foreach (var (output, data, label, trainers) in new[]
            {
                (IrisNetwork, "iris.csv", "species", "nas"), (IrisLinear, "iris.csv", "species", "linear"), (CancerNetwork, "breast_cancer.csv", "diagnosis", "nas"),
            })
            {
                var run = await CliRun.RunAsync("classification", "--dataset", TestData.Path("tabular", data), "--label-col", label, "--trainers", trainers,
                    "--max-trials", "2", "--train-time", "20", "--seed", "1", "--output", output);
                run.AssertSucceeded();
            }
        }

        public Task DisposeAsync()
        {
            temp.Dispose();
            return Task.CompletedTask;
        }
    }
}
