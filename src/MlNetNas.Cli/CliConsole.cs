using Spectre.Console;

namespace MlNetNas.Cli;

/// <summary>Where the CLI writes: results to <see cref="Out"/>, warnings and errors to <see cref="Error"/>, and whether a live view may be drawn.</summary>
/// <param name="Out">Results and progress lines.</param>
/// <param name="Error">Warnings and the one-line error message.</param>
/// <param name="Interactive">True only for a real terminal: the live leaderboard is drawn on the console, so writers handed in by tests get plain lines.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The process's standard output and error; interactive when standard output is a terminal that Spectre can redraw.</summary>
    public static CliConsole Standard() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);
}
