using System.Text.RegularExpressions;
using MlNetNas.Cli;
using Xunit;

namespace MlNetNas.Tests.Cli;

/// <summary>One in-process run of <c>mlnet-nas</c>: its exit code and what it wrote to standard output and error.</summary>
internal sealed partial record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs the CLI with writers in place of the console, so the output is plain lines.</summary>
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The error lines (those starting with "error: ").</summary>
    public IReadOnlyList<string> ErrorLines => [.. Lines(Error).Where(l => l.StartsWith("error: ", StringComparison.Ordinal))];

    /// <summary>
    /// Asserts a failed run with the expected exit code, exactly one "error: " line that contains each word
    /// (case-insensitive), nothing else on standard error but warnings and the usage hint, and no stack trace anywhere.
    /// </summary>
    public void AssertFailed(int exitCode, params string[] words)
    {
        Assert.True(exitCode == ExitCode, $"expected exit code {exitCode}, got {ExitCode}; stderr: {Error}");
        AssertNoStackTrace();
        string message = Assert.Single(ErrorLines);
        Assert.All(Lines(Error), l => Assert.Matches("^(error: |warning: |Run 'mlnet-nas --help')", l));
        foreach (string word in words)
        {
            Assert.Contains(word, message, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Asserts a successful run without a stack trace or an error line.</summary>
    public void AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"expected exit code 0, got {ExitCode}; stderr: {Error}");
        AssertNoStackTrace();
        Assert.Empty(ErrorLines);
    }

    /// <summary>The acceptance script's test for a stack trace: an indented "at Type.Method" line or an unhandled exception.</summary>
    public void AssertNoStackTrace()
    {
        foreach (string line in (Out + "\n" + Error).Split('\n'))
        {
            Assert.DoesNotMatch(StackTraceLine(), line);
            Assert.DoesNotContain("Unhandled exception", line, StringComparison.Ordinal);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^\s+at [A-Za-z_.`<>]+")]
    private static partial Regex StackTraceLine();
}
