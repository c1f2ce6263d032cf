using MlNetNas.Cli.Output;
using MlNetNas.Experiment;
using MlNetNas.Search;
using MlNetNas.SearchSpace;

namespace MlNetNas.Tests.Cli;

public sealed class ReportRefresherTests
{
    [Fact]
    public void AReportThatCannotBeBuilt_NeitherFailsTheTrialNorLosesIt()
    {
        var task = NasTask.MulticlassClassification("species");
        var board = new TrialBoard(task, onLine: null);
        var refresher = new ReportRefresher(board, _ => throw new InvalidOperationException("a chart broke"), Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.html"));
        var trial = new TrialResult(1, "nas", Parameter.FromObject([]), TrialStatus.Completed, 0.9, TimeSpan.FromSeconds(1));

        refresher.ReportCompletedTrial(trial);
        refresher.ReportFailedTrial(trial with { TrialId = 2, Status = TrialStatus.Failed, Metric = null });

        Assert.Equal([1, 2], board.Snapshot().Select(t => t.TrialId));
    }
}
