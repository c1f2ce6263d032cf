using System.CommandLine;
using MlNetNas.Cli;
using MlNetNas.Cli.Commands;
using MlNetNas.Data;

var root = new RootCommand("mlnet-nas: neural architecture search for ML.NET, from a data file to a deployable model.");
root.Subcommands.Add(new TrainCommand(DataTask.Classification).Build());
root.Subcommands.Add(new TrainCommand(DataTask.Regression).Build());
root.Subcommands.Add(new PredictCommand().Build());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine("Run 'mlnet-nas --help' for usage.");
    return ExitCodes.UsageError;
}

return await parsed.InvokeAsync();
