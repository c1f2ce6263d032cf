using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Tests.Data;
using ScoreModelZip;

namespace MlNetNas.Tests.Samples;

[Collection(TorchCollection.Name)]
public sealed class ScoreModelZipTests
{
    [Theory]
    [InlineData("nas")]
    [InlineData("lightgbm")]
    public async Task ModelZipScorer_ScoresExperimentModelZip_LikeTheModelInProcess(string trainer)
    {
        string irisPath = TestData.Path("tabular", "iris.csv");
        var ml = new MLContext(seed: 1);
        var loader = ml.Data.CreateTextLoader(
            [
                new TextLoader.Column("sepal_length", DataKind.Single, 0),
                new TextLoader.Column("sepal_width", DataKind.Single, 1),
                new TextLoader.Column("petal_length", DataKind.Single, 2),
                new TextLoader.Column("petal_width", DataKind.Single, 3),
                new TextLoader.Column("species", DataKind.String, 4),
            ],
            separatorChar: ',',
            hasHeader: true);
        var data = loader.Load(irisPath);
        var featurizer = ml.Transforms.Concatenate("Features", "sepal_length", "sepal_width", "petal_length", "petal_width")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var result = await ml.Nas().CreateExperiment()
            .SetPipeline(featurizer)
            .SetDataset(data)
            .SetTask(NasTask.MulticlassClassification("species"))
            .SetTrainers(trainer)
            .SetMaxTrials(1)
            .SetTrainingTimeInSeconds(5)
            .SetDevice("cpu")
            .RunAsync();
        using var folder = new TempFolder();
        ExperimentOutputWriter.Write(ml, result, loader, data, folder.Root);
        var inProcess = ExperimentOutputWriter.DeployableModel(ml, result, data).Transform(data);
        string[] expectedLabels = inProcess.GetColumn<string>("PredictedLabel").ToArray();
        float[][] expectedScores = inProcess.GetColumn<float[]>("Score").ToArray();

        var predictions = ModelZipScorer.Score(Path.Combine(folder.Root, "model.zip"), irisPath, "species");

        Assert.Equal(trainer, result.BestTrial.Trainer);
        Assert.Equal(expectedLabels, predictions.Select(p => p.PredictedLabel));
        Assert.Equal(150, predictions.Count);
        for (int row = 0; row < predictions.Count; row++)
        {
            Assert.Equal(3, predictions[row].Score.Length);
            for (int c = 0; c < 3; c++)
            {
                Assert.True(Math.Abs(expectedScores[row][c] - predictions[row].Score[c]) <= 1e-4, $"row {row} class {c}: {expectedScores[row][c]} in process, {predictions[row].Score[c]} from model.zip");
            }
        }

        Assert.True(ModelZipScorer.Accuracy(predictions) > 0.9, $"accuracy {ModelZipScorer.Accuracy(predictions)}");
    }

    [Fact]
    public async Task ModelZipScorer_ScoresAnImageFolderModel_FromAPictureList()
    {
        using var temp = new TempFolder();
        string flowers = TestData.Path("images", "flowers-tiny");
        string output = Path.Combine(temp.Root, "flowers");
        var train = await MlNetNas.Tests.Cli.CliRun.RunAsync(
            "image-classification", "--dataset", flowers, "--image-size", "8", "--trainers", "mobile", "--max-trials", "1",
            "--train-time", "20", "--seed", "1", "--output", output);
        train.AssertSucceeded();
        string list = Path.Combine(temp.Root, "pictures.tsv");
        MlNetNas.Data.Images.ImageFolderDataset.Scan(flowers).WriteList(list);

        var predictions = ModelZipScorer.Score(Path.Combine(output, "model.zip"), list, "Label");

        Assert.Equal(12, predictions.Count);
        Assert.All(predictions, p => Assert.Contains(p.PredictedLabel, new[] { "daisy", "roses" }));
        Assert.All(predictions, p => Assert.Equal(1.0, p.Score.Sum(), 3));
    }
}
