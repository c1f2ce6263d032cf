using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

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

    /// <summary>
    /// A seeded iris experiment whose trials depend on the seed alone: linear, a small MLP and LightGBM, no ensemble or
    /// refit, on the CPU, and a budget that never binds (a network plans its epochs from its first one's time, so on a
    /// loaded machine a tight budget would change what it trains).
    /// </summary>
    public static NasExperiment Reproducible(int seed = 1) =>
        Create(seed).SetTrainers([new LinearCandidate(), new NasCandidate(maxEpochs: 12), new LightGbmCandidate()])
            .SetEnsemble(false).SetRefitOnAllData(false).SetDevice("cpu").SetTrainingTimeInSeconds(3600);

    /// <summary>What two runs must share to have run the same trials: id, trainer, parameters, status and metric (not timings).</summary>
    public static IEnumerable<(int, string, string, MlNetNas.Search.TrialStatus, double?)> Leaderboard(IEnumerable<TrialResult> trials) =>
        trials.Select(t => (t.TrialId, t.Trainer, t.Parameter.ToJson(), t.Status, t.Metric));
}
