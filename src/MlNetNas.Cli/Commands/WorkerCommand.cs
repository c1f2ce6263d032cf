using System.CommandLine;
using MlNetNas.Experiment.Storage;

namespace MlNetNas.Cli.Commands;

/// <summary>
/// The <c>worker</c> command: works on a shared study that another process started (with <c>--storage</c> and, for
/// SQLite, <c>--shared</c>; a PostgreSQL study is always shared): runs the study's command again with its settings,
/// claiming trials until its own <c>--train-time</c> (default: the study's), the study's trial count or Ctrl+C ends it.
/// </summary>
internal sealed class WorkerCommand
{
    private readonly Option<string> storage = new("--storage") { Description = "The trial store of the study: postgres://user:password@host:port/database or sqlite:PATH.", Required = true };
    private readonly Option<string?> study = new("--study") { Description = "The study to work on; default: the store's only study." };
    private readonly Option<double?> trainTime = new("--train-time") { Description = "How long this worker works, in seconds; default: the study's --train-time." };
    private readonly Option<int?> parallelTrials = new("--parallel-trials") { Description = "Trials this worker runs at once; default: the study's." };
    private readonly CliConsole console;
    private readonly Func<string[], Task<int>> run;

    public WorkerCommand(CliConsole console, Func<string[], Task<int>> run)
    {
        this.console = console;
        this.run = run;
    }

    public Command Build()
    {
        var command = new Command("worker", "Work on a shared study another process started: claim its trials, run them, store their results; any number of workers, on any machine.")
        {
            storage, study, trainTime, parallelTrials,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync(() => RunAsync(result), console.Error));
        return command;
    }

    private async Task<int> RunAsync(ParseResult args)
    {
        string storageValue = args.GetValue(storage)!;
        var store = StudyArguments.Opened("--storage", () => TrialStores.Open(storageValue));
        string name = await StudyArguments.WaitForStudy(store, args.GetValue(study), storageValue, TimeSpan.FromMinutes(1));
        string settings = StudyArguments.StoredCommand(store, name, storageValue, "run a worker from code with RunWorkerAsync");

        var overrides = new List<string>();
        if (args.GetValue(trainTime) is { } seconds)
        {
            overrides.AddRange(["--train-time", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (args.GetValue(parallelTrials) is { } trials)
        {
            overrides.AddRange(["--parallel-trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return await run(StoredArguments.ForWorker(settings, storageValue, name, overrides));
    }
}
