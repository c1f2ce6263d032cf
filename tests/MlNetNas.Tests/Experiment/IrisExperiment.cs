using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;

namespace MlNetNas.Tests.Experiment;

/// <summary>The experiment the experiment tests start from: iris.csv, 25% held out, accuracy, the file's preprocessing space.</summary>
internal static class IrisExperiment
{
    /// <summary>A seeded experiment on iris; each test adds its trainers, budget and the rest.</summary>
    public static NasExperiment Create(int seed)
    {
        var ml = new MLContext(seed);
        var schema = ColumnInference.Infer(TestData.Path("tabular", "iris.csv"), "species", DataTask.Classification);
        return ml.Nas().CreateExperiment()
            .SetDataset(schema.Load(ml), 0.25)
            .SetTask(NasTask.MulticlassClassification(schema.LabelColumn))
            .SetPreprocessingSpace(schema)
            .SetSeed(seed);
    }
}
