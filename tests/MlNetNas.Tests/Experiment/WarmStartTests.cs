using Microsoft.ML;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Tests.Experiment;

public sealed class WarmStartTests
{
    [Fact]
    public async Task TrialsCsv_RoundTrips_AndSeedsTheTunersOfANewExperiment()
    {
        var first = await Iris(seed: 1).SetMaxTrials(4).RunAsync();
        string path = Path.Combine(Path.GetTempPath(), $"trials-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, TrialsCsvWriter.ToCsv(first.Trials, NasMetric.Accuracy));

        var read = TrialsCsvReader.Read(path, NasMetric.Accuracy);
        var second = await Iris(seed: 2).SetMaxTrials(2).SetWarmStart(read).RunAsync();

        Assert.Equal(first.Trials.Select(t => (t.TrialId, t.Trainer, t.Status, t.Metric)), read.Select(t => (t.TrialId, t.Trainer, t.Status, t.Metric)));
        Assert.Equal(first.Trials.Select(t => t.Parameter), read.Select(t => t.Parameter));
        Assert.Equal(4, second.WarmStartTrials);
        Assert.Throws<InvalidDataException>(() => TrialsCsvReader.Read(path, NasMetric.LogLoss));
        File.Delete(path);
    }

    private static NasExperiment Iris(int seed) =>
        IrisExperiment.Create(seed).SetTrainers([new LinearCandidate(), new LightGbmCandidate()]);
}
