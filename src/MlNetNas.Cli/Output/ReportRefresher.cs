using System.Diagnostics;
using MlNetNas.Experiment;
using MlNetNas.Reporting;
using MlNetNas.SearchSpace;

namespace MlNetNas.Cli.Output;

/// <summary>
/// Passes the experiment's events on to the leaderboard and rewrites <c>report.html</c> after a trial ends (at most
/// every <see cref="Interval"/>), so the page shows the search while it runs.
/// </summary>
internal sealed class ReportRefresher(TrialBoard board, Func<IReadOnlyList<TrialResult>, ExperimentReport> report, string path) : IMonitor
{
    /// <summary>The least time between two rewrites of the page.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly Stopwatch sinceWrite = Stopwatch.StartNew();
    private bool written;

    public void ReportRunningTrial(int trialId, string trainer, Parameter parameter) => board.ReportRunningTrial(trialId, trainer, parameter);

    public void ReportCompletedTrial(TrialResult result)
    {
        board.ReportCompletedTrial(result);
        Refresh();
    }

    public void ReportFailedTrial(TrialResult result)
    {
        board.ReportFailedTrial(result);
        Refresh();
    }

    public void ReportBestTrial(TrialResult result) => board.ReportBestTrial(result);

    private void Refresh()
    {
        if (written && sinceWrite.Elapsed < Interval)
        {
            return;
        }

        try
        {
            ReportWriter.Write(report(board.Snapshot()), path);
            written = true;
            sinceWrite.Restart();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A page that cannot be written now is tried again at the end: neither the trial that just finished nor the
            // search may fail for it (this runs inside the experiment's monitor call).
            written = true;
            sinceWrite.Restart();
        }
    }
}
