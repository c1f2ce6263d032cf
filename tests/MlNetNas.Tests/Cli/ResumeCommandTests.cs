using Microsoft.Data.Sqlite;
using MlNetNas.Tests.Data;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>
/// <c>mlnet-nas resume</c>: a run killed with kill -9 mid-search continues where it stopped, and a seeded run ends with
/// the trials of a run that never stopped.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ResumeCommandTests : IDisposable
{
    private static readonly string Iris = TestData.Path("tabular", "iris.csv");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task KillNine_MidSearch_ThenResumeTheFolder_EndsWithTheTrialsOfARunThatNeverStopped()
    {
        string whole = Path.Combine(temp.Root, "whole");
        string killed = Path.Combine(temp.Root, "killed");
        (await CliRun.RunAsync(Search(whole))).AssertSucceeded();

        using (var process = CliProcess.Start(Search(killed)))
        {
            Assert.True(await process.WaitUntil(() => FinishedTrials(killed) >= 3, TimeSpan.FromMinutes(3)), "the run did not store 3 trials");
            Assert.False(process.HasExited, "the run ended before it could be killed: give it more trials");
            process.KillNine();
        }

        int kept = FinishedTrials(killed);
        var resumed = await CliRun.RunAsync("resume", killed);

        resumed.AssertSucceeded();
        Assert.Contains($"resumed: {kept} finished trials kept (not run again)", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(Leaderboard(whole), Leaderboard(killed));
        Assert.True(File.Exists(Path.Combine(killed, "model.zip")));
    }

    [Fact]
    public async Task TwoResumesOfOneStudyAtOnce_TheSecondIsRefused_NamingTheFirst()
    {
        string output = Path.Combine(temp.Root, "out");
        using (var first = CliProcess.Start(Search(output, trials: 60)))
        {
            Assert.True(await first.WaitUntil(() => FinishedTrials(output) >= 2, TimeSpan.FromMinutes(3)), "the run did not store 2 trials");
            first.KillNine();
        }

        using var resuming = CliProcess.Start("resume", output);
        int kept = FinishedTrials(output);
        Assert.True(await resuming.WaitUntil(() => FinishedTrials(output) > kept, TimeSpan.FromMinutes(3)), $"the first resume ran no trial: {resuming.Tail}");

        var second = await CliRun.RunAsync("resume", output);

        second.AssertFailed(1, "is being run by process", resuming.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "resume");
        resuming.KillNine();
        Assert.True(FinishedTrials(output) > kept); // the store still opens and holds the first resume's trials
    }

    [Fact]
    public async Task Resume_IntoAnotherFolder_WithStorageAndStudy_WritesTheModelThere()
    {
        string first = Path.Combine(temp.Root, "first");
        string store = "sqlite:" + Path.Combine(temp.Root, "s.db");
        (await CliRun.RunAsync([.. Search(first, trials: 3), "--storage", store, "--study", "k"])).AssertSucceeded();
        string second = Path.Combine(temp.Root, "second");

        var resumed = await CliRun.RunAsync("resume", "--storage", store, "--study", "k", "--output", second);

        resumed.AssertSucceeded();
        Assert.Equal(Leaderboard(first), Leaderboard(second));
        Assert.True(File.Exists(Path.Combine(second, "model.zip")));
    }

    [Fact]
    public async Task Resume_AfterTheDataFileChanged_IsRefused_NamingTheFile()
    {
        string data = Path.Combine(temp.Root, "iris.csv");
        File.Copy(Iris, data);
        string output = Path.Combine(temp.Root, "out");
        (await CliRun.RunAsync(Search(output, trials: 2, dataset: data))).AssertSucceeded();
        File.AppendAllText(data, "5.0,3.4,1.5,0.2,setosa\n");
        byte[] before = File.ReadAllBytes(Path.Combine(output, "study.db"));

        var resumed = await CliRun.RunAsync("resume", output);

        resumed.AssertFailed(1, "data differ", "iris.csv", "new study");
        Assert.Equal(before.Length, File.ReadAllBytes(Path.Combine(output, "study.db")).Length);
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("truncated")]
    public async Task Resume_OfACorruptStore_IsAOneLineError_WithExitCode1(string damage)
    {
        string output = Path.Combine(temp.Root, "out");
        (await CliRun.RunAsync(Search(output, trials: 2))).AssertSucceeded();
        string database = Path.Combine(output, "study.db");
        byte[] bytes = File.ReadAllBytes(database);
        File.WriteAllBytes(database, damage == "corrupt" ? [.. bytes.Take(100), .. Enumerable.Repeat((byte)0x5A, bytes.Length - 100)] : bytes[..(bytes.Length / 3)]);
        byte[] damaged = File.ReadAllBytes(database);

        var resumed = await CliRun.RunAsync("resume", output);

        resumed.AssertFailed(1, "--storage", "study.db");
        Assert.Equal(damaged, File.ReadAllBytes(database)); // nothing overwritten
    }

    [Fact]
    public async Task ParallelTrials_Two_RunsEveryTrialOnce_AndResumesWithThem()
    {
        string output = Path.Combine(temp.Root, "out");

        var run = await CliRun.RunAsync([.. Search(output, trials: 5), "--parallel-trials", "2"]);

        run.AssertSucceeded();
        Assert.Equal(["1", "2", "3", "4", "5"], Leaderboard(output).Skip(1).Select(l => l.Split(',')[0]));
        var resumed = await CliRun.RunAsync("resume", output);
        resumed.AssertSucceeded();
        Assert.Contains("resumed: 5 finished trials kept", resumed.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public async Task ParallelTrials_OutOfRange_IsAUsageError(string value)
    {
        var run = await CliRun.RunAsync([.. Search(Path.Combine(temp.Root, "out"), trials: 2), "--parallel-trials", value]);

        run.AssertFailed(2, "--parallel-trials", value);
    }

    [Fact]
    public async Task Resume_OfAFolderWithoutAStudy_IsAUsageError()
    {
        var resumed = await CliRun.RunAsync("resume", temp.Root);

        resumed.AssertFailed(2, "study.db", "--storage");
    }

    private static string[] Search(string output, int trials = 9, string? dataset = null) =>
        ["classification", "--dataset", dataset ?? Iris, "--label-col", "species", "--trainers", "linear,nas,lightgbm", "--max-trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--train-time", "3000", "--seed", "1", "--device", "cpu", "--output", output]; // a budget that never binds: networks plan epochs from their first one's time

    /// <summary>Trials whose row says they finished, read as another process would (the run may be writing).</summary>
    private static int FinishedTrials(string output)
    {
        string database = Path.Combine(output, "study.db");
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM trials WHERE status <> 'running'";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // the tables are not there yet
        }
    }

    /// <summary>trials.csv without its timing columns: trial, trainer, status, metric, epochs, architecture, parameters, error.</summary>
    private static string[] Leaderboard(string output) =>
        File.ReadAllLines(Path.Combine(output, "trials.csv")).Select(line =>
        {
            var cells = TrialsCsvCells(line);
            return string.Join(",", cells.Take(4).Concat(cells.Skip(5).Take(4)));
        }).ToArray();

    private static List<string> TrialsCsvCells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
