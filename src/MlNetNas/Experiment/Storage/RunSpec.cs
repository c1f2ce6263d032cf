namespace MlNetNas.Experiment.Storage;

/// <summary>
/// What a study's run needs to be continued, stored with the run: the caller's settings (e.g. the CLI's arguments, as
/// JSON), a fingerprint of the data it trains on, the seed, the budget and how many trials it runs at once.
/// </summary>
/// <param name="Settings">The caller's settings as JSON, opaque to the store; null when none were given.</param>
/// <param name="DataFingerprint">A fingerprint of the data (e.g. sizes and hashes of the files); resuming on other data is refused. Null: not checked.</param>
/// <param name="Seed">The experiment's seed; resuming with another is refused.</param>
/// <param name="BudgetSeconds">The run's time budget in seconds.</param>
/// <param name="ParallelTrials">How many trials the run proposes and runs at a time; replaying its trials needs it.</param>
/// <param name="SearchSpace">The experiment's whole search space as JSON (see <c>SearchSpace.ToJson</c>); a resume says when its own differs.</param>
public sealed record RunSpec(string? Settings, string? DataFingerprint, int Seed, double BudgetSeconds, int ParallelTrials = 1, string? SearchSpace = null)
{
    /// <summary>The spec of a run that said nothing about itself (a store written before runs kept their spec).</summary>
    public static RunSpec Unknown { get; } = new(null, null, 0, 0);

    /// <summary>The spec as JSON, as the store keeps it.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    /// <summary>Reads a spec written by <see cref="ToJson"/>; null or empty text is <see cref="Unknown"/>.</summary>
    public static RunSpec FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Unknown : System.Text.Json.JsonSerializer.Deserialize<RunSpec>(json) ?? Unknown;
}
