using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures.Families;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Onnx.Pipeline;
using MlNetNas.Trainers;
using MlNetNas.Training;

namespace MlNetNas.Tests.Onnx;

/// <summary>A mixed ensemble (a LightGBM or FastTree and a network, each on its own preprocessing) as one ONNX graph from the raw columns: ONNX Runtime alone gives the ML.NET ensemble's answers.</summary>
[Collection(TorchCollection.Name)]
public sealed class EnsemblePipelineExporterTests : IDisposable
{
    private readonly Data.TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(NasTaskKind.MulticlassClassification)]
    [InlineData(NasTaskKind.BinaryClassification)]
    [InlineData(NasTaskKind.Regression)]
    public void TreesAndANetwork_OnTheirOwnPreprocessing_ScoreAsTheMlNetEnsemble(NasTaskKind kind)
    {
        var ml = new MLContext(1);
        var (schema, task) = kind switch
        {
            NasTaskKind.MulticlassClassification => (ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification), NasTask.MulticlassClassification("species")),
            NasTaskKind.BinaryClassification => (ColumnInference.Infer(Shops(), "kind", DataTask.Classification), NasTask.BinaryClassification("kind", NasMetric.Accuracy)),
            _ => (ColumnInference.Infer(Bikes(), "cnt", DataTask.Regression, new ColumnInferenceOptions { IgnoreColumns = ["instant", "dteday", "casual", "registered"] }), NasTask.Regression("cnt")),
        };
        var raw = schema.Load(ml);
        var labels = LabelPreparation.Create(ml, task, raw);
        var labelled = labels.Transform(raw);
        var treeFeatures = FeaturePipeline.Create(ml, schema, new PreprocessingOptions { Scaling = NumericScaling.MeanVariance }).Fit(labelled);
        var netFeatures = FeaturePipeline.Create(ml, schema, new PreprocessingOptions { Scaling = NumericScaling.MinMax, MissingValues = MissingValuePolicy.MeanWithIndicator }).Fit(labelled);
        var treeData = treeFeatures.Transform(labelled);
        var netData = netFeatures.Transform(labelled);
        ITransformer tree = kind switch
        {
            NasTaskKind.MulticlassClassification => ml.MulticlassClassification.Trainers.LightGbm(numberOfIterations: 20).Fit(treeData),
            NasTaskKind.BinaryClassification => ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 20).Fit(treeData),
            _ => ml.Regression.Trainers.LightGbm(numberOfIterations: 20).Fit(treeData),
        };
        var network = new NasTrainer(ml, kind, new NasTrainerOptions
        {
            Architecture = new MlpOptions { HiddenWidths = [16] },
            Training = new TrainingOptions { MaxEpochs = 15, LearningRate = 5e-3, Device = "cpu", Seed = 3 },
        }).FitDetailed(netData).Onnx;
        var choice = new EnsembleChoice(
            [new EnsembleMember(1, "lightgbm", "a", new FeaturizedData(treeFeatures, treeData, treeData), tree, null), new EnsembleMember(2, "nas", "b", new FeaturizedData(netFeatures, netData, netData), null, network)],
            [2, 1]);
        var classes = labels.ClassNames;
        var ensemble = EnsembleModelBuilder.Build(ml, kind, [(treeFeatures, tree), (netFeatures, DeployableModelBuilder.Build(ml, network, kind, netData, classes))], choice.Weights, labelled, classes);

        byte[] pipeline = EnsemblePipelineExporter.Export(ml, schema.Layout, choice, kind, classes);

        var scored = ensemble.Transform(labelled);
        string output = kind == NasTaskKind.BinaryClassification ? "Probability" : "Score";
        float[] expected = kind == NasTaskKind.MulticlassClassification ? [.. scored.GetColumn<float[]>("Score").SelectMany(v => v)] : [.. scored.GetColumn<float>(output)];
        var (onnxLabels, onnxScores) = PipelineOnnxCheck.Run(pipeline, raw, schema.Layout, output);
        Assert.Equal(expected.Length, onnxScores.Length);
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(Math.Abs(expected[i] - onnxScores[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"output {i}: ML.NET {expected[i]}, ONNX {onnxScores[i]}"));
        string[] expectedLabels = kind switch
        {
            NasTaskKind.MulticlassClassification => [.. scored.GetColumn<uint>("PredictedLabel").Select(k => classes[(int)k - 1])],
            NasTaskKind.BinaryClassification => [.. scored.GetColumn<bool>("PredictedLabel").Select(b => classes[b ? 1 : 0])],
            _ => [],
        };
        Assert.Equal(expectedLabels, onnxLabels);
    }

    private string Shops()
    {
        string path = Path.Combine(temp.Root, "shops.csv");
        var random = new Random(4);
        string[] colors = ["red", "green", "blue"];
        File.WriteAllLines(path, ["color,size,weight,kind", .. Enumerable.Range(0, 300).Select(_ =>
        {
            string color = colors[random.Next(3)];
            double size = random.NextDouble() * 10;
            string cell = random.Next(8) == 0 ? string.Empty : size.ToString("F3", CultureInfo.InvariantCulture);
            return $"{color},{cell},{(random.NextDouble() * 3).ToString("F3", CultureInfo.InvariantCulture)},{((color == "red" ? 1 : 0) + size > 5 ? "big" : "small")}";
        })]);
        return path;
    }

    private string Bikes()
    {
        string path = Path.Combine(temp.Root, "bike.csv");
        File.WriteAllLines(path, File.ReadLines(TestData.Path("mlnet-samples", "bike-hour-train.csv")).Take(401));
        return path;
    }
}
