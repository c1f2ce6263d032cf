using System.CommandLine;
using MlNetNas.Cli.Commands;
using MlNetNas.Data;

namespace MlNetNas.Cli;

/// <summary>The whole command line: parses the arguments, runs the command and returns the exit code (see <see cref="ExitCodes"/>).</summary>
internal static class CliApp
{
    /// <summary>Runs <c>mlnet-nas</c> with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Where results go; default: standard output.</param>
    /// <param name="error">Where warnings and errors go; default: standard error.</param>
    /// <param name="cancellationToken">Stops a search early, as Ctrl+C does.</param>
    /// <remarks>When either writer is given, the output is plain lines (no live view), as when output is redirected.</remarks>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var console = output is null && error is null
            ? CliConsole.Standard()
            : new CliConsole(output ?? Console.Out, error ?? Console.Error, Interactive: false);
        return RunAsync(args, console, cancellationToken);
    }

    private static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("mlnet-nas: neural architecture search for ML.NET, from a data file to a deployable model.");
        root.Subcommands.Add(new TrainCommand(DataTask.Classification, console, args).Build());
        root.Subcommands.Add(new TrainCommand(DataTask.Regression, console, args).Build());
        root.Subcommands.Add(new TrainCommand(DataTask.Classification, console, args, images: true).Build());
        root.Subcommands.Add(new TrainCommand(DataTask.Classification, console, args, text: true).Build());
        root.Subcommands.Add(new ResumeCommand(console, resumed => RunAsync(resumed, console, cancellationToken)).Build());
        root.Subcommands.Add(new WorkerCommand(console, work => RunAsync(work, console, cancellationToken)).Build());
        root.Subcommands.Add(new PredictCommand(console).Build());
        root.Subcommands.Add(new ExplainCommand(console).Build());
        root.Subcommands.Add(new BenchmarkCommand(console).Build());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                console.Error.WriteLine($"error: {CommandRunner.OneLine(parseError.Message)}");
            }

            console.Error.WriteLine("Run 'mlnet-nas --help' for usage.");
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        return await parsed.InvokeAsync(invocation, cancellationToken);
    }
}
