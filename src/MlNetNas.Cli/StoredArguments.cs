using System.Text.Json;

namespace MlNetNas.Cli;

/// <summary>
/// A training command's arguments as a study keeps them (JSON, with data paths made absolute so that <c>resume</c> works
/// from any folder), and the arguments <c>resume</c> runs again: the stored ones with the store, study and output
/// folder it names in place of theirs.
/// </summary>
internal static class StoredArguments
{
    private static readonly string[] PathOptions = ["--dataset", "--validation-dataset", "--test-dataset"];
    private static readonly string[] ResumeOptions = ["--storage", "--study", "--output", "--resume", "--worker", "--shared"];

    /// <summary>The arguments as JSON, data paths absolute; the CLI's own resume flag left out.</summary>
    public static string ToJson(IReadOnlyList<string> args)
    {
        var stored = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            stored.Add(args[i]);
            if (PathOptions.Contains(args[i]) && i + 1 < args.Count)
            {
                stored.Add(Path.GetFullPath(args[++i]));
            }
        }

        return JsonSerializer.Serialize(new Stored(Without(stored, ["--resume", "--worker"])));
    }

    /// <summary>The arguments to resume by: the stored ones, their store, study and output replaced by these, and the resume flag.</summary>
    /// <exception cref="InvalidDataException">The settings are not a CLI command's.</exception>
    public static string[] ForResume(string settingsJson, string storage, string study, string? output)
    {
        var command = Read(settingsJson);
        string outputFolder = output ?? ValueOf(command, "--output") ?? "out";
        return [.. Without(command, ResumeOptions), "--storage", storage, "--study", study, "--output", outputFolder, "--resume", .. Shared(command)];
    }

    /// <summary>The arguments a worker runs by: the stored ones with their store and study, <paramref name="overrides"/> (e.g. its own --train-time) in place of theirs, and the worker flag.</summary>
    public static string[] ForWorker(string settingsJson, string storage, string study, IReadOnlyList<string> overrides)
    {
        var command = Read(settingsJson);
        string[] replaced = [.. ResumeOptions, .. overrides.Where(o => o.StartsWith("--", StringComparison.Ordinal))];
        return [.. Without(command, replaced), .. overrides, "--storage", storage, "--study", study, "--worker"];
    }

    // A run started shared stays shared when resumed, so that its workers can go on with it.
    private static string[] Shared(IReadOnlyList<string> command) => command.Contains("--shared") ? ["--shared"] : [];

    private static List<string> Read(string settingsJson)
    {
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(settingsJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The study's settings are not an mlnet-nas command: {e.Message}", e);
        }

        return stored?.Command is { Count: > 0 } command
            ? [.. command]
            : throw new InvalidDataException("The study's settings hold no mlnet-nas command.");
    }

    // Drops options with their value ("--x v", "--x=v", "--x:v"); "--resume" takes none.
    private static List<string> Without(IReadOnlyList<string> args, string[] options)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i].Split('=', ':')[0];
            if (!options.Contains(name))
            {
                kept.Add(args[i]);
            }
            else if (name == args[i] && name is not ("--resume" or "--worker" or "--shared"))
            {
                i++;
            }
        }

        return kept;
    }

    private static string? ValueOf(IReadOnlyList<string> args, string option)
    {
        for (int i = args.Count - 2; i >= 0; i--)
        {
            if (args[i] == option)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    private sealed record Stored(IReadOnlyList<string> Command);
}
