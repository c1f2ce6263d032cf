using System.CommandLine;
using MlNetNas.Experiment.Storage;

namespace MlNetNas.Cli.Commands;

/// <summary>
/// The <c>resume</c> command: continues a study's stopped (or ended) run with the command and settings it was started
/// with: <c>mlnet-nas resume OUT/</c> for a run stored in its output folder, or <c>--storage URL --study NAME</c>.
/// </summary>
internal sealed class ResumeCommand
{
    private readonly Argument<string?> folder = new("folder") { Description = "The output folder of the run to continue (its study.db); or give --storage.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> storage = new("--storage") { Description = "The trial store of the study: sqlite:PATH." };
    private readonly Option<string?> study = new("--study") { Description = "The study to continue; default: the store's only study." };
    private readonly Option<string?> output = new("--output") { Description = "Output folder of the continued run; default: the one it was started with." };
    private readonly CliConsole console;
    private readonly Func<string[], Task<int>> run;

    public ResumeCommand(CliConsole console, Func<string[], Task<int>> run)
    {
        this.console = console;
        this.run = run;
    }

    public Command Build()
    {
        var command = new Command("resume", "Continue a stopped search: finished trials are kept, interrupted ones run again, the budget is what was left.")
        {
            folder, storage, study, output,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync(() => RunAsync(result), console.Error));
        return command;
    }

    private async Task<int> RunAsync(ParseResult args)
    {
        string? outputFolder = args.GetValue(output);
        string storageValue;
        if (args.GetValue(folder) is { } runFolder)
        {
            if (args.GetValue(storage) is not null)
            {
                throw new UsageException("Give the run's output folder or --storage, not both.");
            }

            string database = Path.Combine(runFolder, "study.db");
            if (!File.Exists(database))
            {
                throw new UsageException($"'{runFolder}' holds no study.db: give the output folder of an mlnet-nas run, or --storage sqlite:PATH --study NAME.");
            }

            storageValue = "sqlite:" + Path.GetFullPath(database);
            outputFolder ??= runFolder;
        }
        else
        {
            storageValue = args.GetValue(storage) ?? throw new UsageException("Give the output folder of the run to continue (mlnet-nas resume OUT/), or --storage sqlite:PATH --study NAME.");
        }

        var store = StudyArguments.Opened("--storage", () => TrialStores.OpenExisting(storageValue));
        string name = await StudyArguments.WaitForStudy(store, args.GetValue(study), storageValue, TimeSpan.Zero);
        string settings = StudyArguments.StoredCommand(store, name, storageValue, $"resume it from code with SetStorage(store, \"{name}\", resume: true)");
        return await run(StoredArguments.ForResume(settings, storageValue, name, outputFolder));
    }
}
