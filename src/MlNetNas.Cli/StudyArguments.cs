using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Storage;

namespace MlNetNas.Cli;

/// <summary>
/// Reads <c>--storage</c>, <c>--study</c> and <c>--warm-start</c>: where a run's trials are stored and which earlier
/// trials seed it. Every problem with them is a usage error (exit code 2) that names the option.
/// </summary>
internal static class StudyArguments
{
    /// <summary>
    /// The study when <c>--study</c> is not given: the data file's name without its extension, the task and the metric,
    /// e.g. <c>iris-classification-accuracy</c>; so runs on the same file and metric share a study, and a run with
    /// another metric never collides with it.
    /// </summary>
    public static string DefaultStudy(string datasetPath, DataTask task, NasMetric metric) =>
        $"{Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(datasetPath))}-{task.ToString().ToLowerInvariant()}-{MetricNames.Name(metric)}";

    /// <summary>The store of a run that names none: <c>study.db</c> in its output folder.</summary>
    public static string DefaultStorage(string outputFolder) => "sqlite:" + Path.Combine(outputFolder, "study.db");

    /// <summary>
    /// The study <c>resume</c> or <c>worker</c> works on: <paramref name="study"/>, or the store's only one; a worker started
    /// with its study's first process waits up to <paramref name="timeout"/> for the study to appear (<c>resume</c>: zero).
    /// </summary>
    public static async Task<string> WaitForStudy(ITrialStore store, string? study, string storage, TimeSpan timeout)
    {
        storage = TrialStores.Redact(storage);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var studies = Opened("--storage", store.ListStudies);
            if (study is not null ? studies.Any(s => s.Name == study) : studies.Count == 1)
            {
                return study ?? studies[0].Name;
            }

            if (study is null && studies.Count > 1)
            {
                throw new UsageException($"The store {storage} holds {studies.Count} studies; name one with --study: {string.Join(", ", studies.Select(s => s.Name))}.");
            }

            if (clock.Elapsed >= timeout)
            {
                string waited = timeout > TimeSpan.Zero ? $" after {timeout.TotalSeconds:F0} s" : string.Empty;
                throw new UsageException(study is null
                    ? $"The store {storage} holds no study{waited}; start one first (e.g. mlnet-nas classification ... --storage {storage} --study NAME --shared)."
                    : $"The store {storage} holds no study '{study}'{waited}; "
                        + (studies.Count == 0 ? "start it first." : $"its studies: {string.Join(", ", studies.Select(s => s.Name))}."));
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// The command line the study's last run was started with (what <c>resume</c> and <c>worker</c> run again); a run
    /// started from code keeps none, and <paramref name="fromCode"/> says what to do instead.
    /// </summary>
    public static string StoredCommand(ITrialStore store, string study, string storage, string fromCode)
    {
        var last = Opened("--study", () => store.LastRun(study))
            ?? throw new UsageException($"The study '{study}' in {TrialStores.Redact(storage)} has no run yet; start it first.");
        return last.Spec.Settings
            ?? throw new UsageException($"The study '{study}' was not started by the mlnet-nas command line (its run keeps no command); {fromCode}.");
    }

    /// <summary>The line that says which stopped run is continued, and how far it had come.</summary>
    public static string DescribeResume(ITrialStore store, string study, string storage) => DescribeResume(store.LastRun(study), study, TrialStores.Redact(storage));

    private static string DescribeResume(StoredRunInfo? run, string study, string storage) => run is { } last
        ? $"resume: study '{study}' in {storage}: {last.FinishedTrials} finished trials, {last.Elapsed.TotalSeconds:F0} s of the budget spent{(last.Ended ? " (it had ended: its model is made again)" : string.Empty)}"
        : $"resume: study '{study}' in {storage} has no run yet; starting one";

    /// <summary>
    /// The store of <c>--storage</c> (<c>sqlite:PATH</c>, created if missing, or <c>sqlite:PATH#STUDY</c>) and the study to
    /// append to; a study of another task kind or metric is refused here, before any time is spent.
    /// </summary>
    public static (ITrialStore Store, string Study) OpenStorage(string value, string study, NasTask task)
    {
        var (storage, named) = Split("--storage", value);
        string name = named ?? study;
        var store = Opened("--storage", () => TrialStores.Open(storage));
        var existing = Opened("--storage", store.ListStudies).FirstOrDefault(s => s.Name == name);
        if (existing is not null && !existing.Fits(task))
        {
            throw new UsageException($"--storage: the study '{name}' in {storage} holds {existing.Kind} trials scored by {existing.Metric}, "
                + $"but this run is {task.Kind} optimizing {task.Metric}; give another --study"
                + (existing.Kind == task.Kind ? ", or run with the study's --metric." : " (two-class files run binary classification: a study of them made as multiclass cannot take these trials)."));
        }

        return (store, name);
    }

    /// <summary>
    /// The trials of <c>--warm-start</c>: a trials.csv path, or a study of a trial store (<c>sqlite:PATH</c> for
    /// <paramref name="study"/>, <c>sqlite:PATH#STUDY</c> for another), with where they came from for the log.
    /// </summary>
    public static (IReadOnlyList<TrialResult> Trials, string Source) LoadWarmStart(string value, string study, NasTask task)
    {
        if (!TrialStores.HasScheme(value))
        {
            return (Usage("--warm-start", () => TrialsCsvReader.Read(value, task.Metric)), value);
        }

        var (storage, named) = Split("--warm-start", value);
        string name = named ?? study;
        try
        {
            var trials = Usage("--warm-start", () => TrialStores.OpenExisting(storage).Load(name, task));
            return (trials, $"study '{name}' in {storage}");
        }
        catch (UsageException e) when (e.InnerException is FileNotFoundException)
        {
            throw new UsageException($"--warm-start: the trial store of '{storage}' does not exist; a run writes it with --storage {storage}.", e.InnerException);
        }
        catch (UsageException e) when (e.InnerException is ArgumentException)
        {
            throw new UsageException($"{e.Message} Name the study with --study NAME or {storage}#NAME.", e.InnerException);
        }
    }

    /// <summary>Whether <c>--warm-start</c>'s value reads from a trial store (and so uses <c>--study</c>).</summary>
    public static bool IsStore(string warmStart) => TrialStores.HasScheme(warmStart);

    // The study follows the last '#': a file path may hold one, a study name given this way may not.
    private static (string Storage, string? Study) Split(string option, string value)
    {
        int hash = value.LastIndexOf('#');
        if (hash < 0)
        {
            return (value, null);
        }

        string study = value[(hash + 1)..].Trim();
        return study.Length > 0
            ? (value[..hash], study)
            : throw new UsageException($"{option} '{value}' names no study after '#'; write {value[..hash]}#STUDY, or leave out the '#'.");
    }

    /// <summary>
    /// Reads a store: a malformed storage string is a usage error (exit code 2); a store that cannot be opened or read
    /// (a corrupt or truncated file, a newer schema, a refused login, an unreachable host) is a data error (exit code 1).
    /// </summary>
    public static T Opened<T>(string option, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{option}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{option}: {WithoutParameterName(e)}", e);
        }
    }

    // An ArgumentException's message ends with "(Parameter 'name')", a C# name that means nothing on the command line.
    private static string WithoutParameterName(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;

    private static T Usage<T>(string option, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: {(e is ArgumentException argument ? WithoutParameterName(argument) : e.Message)}", e);
        }
    }
}
