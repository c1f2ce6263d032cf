// Adds a NAS trainer to an ordinary ML.NET pipeline, then lets an AutoML experiment pit networks against LightGBM.
// Usage: dotnet run --project samples/AddNasToPipeline [iris.csv]
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas;
using MlNetNas.Architectures.Families;
using MlNetNas.Experiment;
using MlNetNas.Trainers;
using MlNetNas.Training;

string dataPath = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "data", "iris.csv");
var ml = new MLContext(seed: 1);
var loader = ml.Data.CreateTextLoader<IrisFlower>(separatorChar: ',', hasHeader: true);
var data = loader.Load(dataPath);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

// Part 1: the NAS trainer is one more estimator in a pipeline; everything around it is plain ML.NET.
var featurizer = ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Species")
    .Append(featurizer)
    .Append(ml.Nas().Trainers.MulticlassClassification(new NasTrainerOptions
    {
        Architecture = new MlpOptions { HiddenWidths = [16] },
        Training = new TrainingOptions { MaxEpochs = 100, BatchSize = 16, LearningRate = 1e-2, Device = "cpu" },
    }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

var model = pipeline.Fit(split.TrainSet);
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"NAS MLP on {dataPath}: macro accuracy {metrics.MacroAccuracy:F3}, micro accuracy {metrics.MicroAccuracy:F3}");

// The model is made of ML.NET's own transformers, so it saves (with its loader) like any other.
string outputFolder = Directory.CreateDirectory("out").FullName; // git ignores out/
string modelPath = Path.Combine(outputFolder, "model.zip");
ml.Model.Save(model, loader, modelPath);
Console.WriteLine($"saved {modelPath}");

var engine = ml.Model.CreatePredictionEngine<IrisFlower, IrisPrediction>(model);
var flower = new IrisFlower { SepalLength = 6.1f, SepalWidth = 2.8f, PetalLength = 4.7f, PetalWidth = 1.2f };
var prediction = engine.Predict(flower);
Console.WriteLine($"a flower with petals {flower.PetalLength} x {flower.PetalWidth} cm is '{prediction.PredictedLabel}' "
    + $"(scores {string.Join(", ", prediction.Score.Select(s => s.ToString("F3")))})");

// Part 2: an AutoML experiment on the same featurizer; networks and LightGBM compete on a held-out 20%.
var experiment = ml.Nas().CreateExperiment()
    .SetPipeline(featurizer)
    .SetDataset(data)
    .SetTask(NasTask.MulticlassClassification("Species"))
    .SetTrainingTimeInSeconds(10)
    .SetTrainers("nas", "lightgbm");
var result = await experiment.RunAsync();

Console.WriteLine($"\n{result.Trials.Count} trials in {result.Elapsed.TotalSeconds:F0} s; the best ten by validation accuracy:");
Console.WriteLine("trial  trainer   accuracy  seconds  architecture");
foreach (var trial in result.Trials.OrderByDescending(t => t.Metric ?? double.NegativeInfinity).Take(10))
{
    string details = trial.Architecture ?? trial.Error ?? string.Empty;
    Console.WriteLine($"{trial.TrialId,5}  {trial.Trainer,-8}  {trial.Metric,8:F3}  {trial.Duration.TotalSeconds,7:F1}  {(details.Length > 60 ? details[..57] + "..." : details)}");
}

// model.zip (+ model.onnx when a network won, best.json, trials.csv); PredictedLabel holds the species name.
string experimentFolder = Path.Combine(outputFolder, "experiment");
var written = ExperimentOutputWriter.Write(ml, result, loader, data, experimentFolder);
Console.WriteLine($"best: trial {result.BestTrial.TrialId} ({result.BestTrial.Trainer}); wrote {string.Join(", ", written.Select(Path.GetFileName))} to {experimentFolder}");

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MlNetNas.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException($"No MlNetNas.sln above {AppContext.BaseDirectory}; pass the path of iris.csv as the first argument.");
}

/// <summary>One row of iris.csv.</summary>
internal sealed class IrisFlower
{
    [LoadColumn(0)] public float SepalLength { get; set; }
    [LoadColumn(1)] public float SepalWidth { get; set; }
    [LoadColumn(2)] public float PetalLength { get; set; }
    [LoadColumn(3)] public float PetalWidth { get; set; }
    [LoadColumn(4)] public string Species { get; set; } = string.Empty;
}

/// <summary>What the model adds: the species name and one probability per class.</summary>
internal sealed class IrisPrediction
{
    public string PredictedLabel { get; set; } = string.Empty;
    public float[] Score { get; set; } = [];
}
