using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Experiment;
using Xunit;

namespace MlNetNas.Tests.Data;

/// <summary>The C# helper: an app reads its own file for a model.zip by column name before <c>Transform</c>.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelInputFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Load_ReadsReversedColumnsByName_AndModelLoadStillWorks()
    {
        string iris = TestData.Path("tabular", "iris.csv");
        var ml = new MLContext(seed: 1);
        var schema = ColumnInference.Infer(iris, "species", DataTask.Classification);
        var data = schema.Load(ml);
        var result = await ml.Nas().CreateExperiment()
            .SetPreprocessingSpace(schema)
            .SetDataset(data)
            .SetTask(NasTask.MulticlassClassification("species"))
            .SetTrainers("linear")
            .SetMaxTrials(1)
            .SetTrainingTimeInSeconds(10)
            .RunAsync();
        ExperimentOutputWriter.Write(ml, result, schema.CreateLoader(ml), data, _temp.Root, schema.Layout);
        string modelPath = Path.Combine(_temp.Root, "model.zip");
        string reversed = _temp.Write("reversed.csv", string.Join('\n', File.ReadLines(iris).Select(l => string.Join(',', l.Split(',').Reverse()))));

        var model = ml.Model.Load(modelPath, out _);
        string[] byName = model.Transform(ModelInputFile.Load(ml, modelPath, reversed)).GetColumn<string>("PredictedLabel").ToArray();
        string[] original = model.Transform(data).GetColumn<string>("PredictedLabel").ToArray();

        Assert.Equal(original, byName);
        Assert.Equal(schema.Layout.Columns, ModelInputFile.ReadLayout(modelPath)!.Columns);
    }
}
