namespace MlNetNas.Experiment.Candidates;

/// <summary>The built-in candidate trainers by name, for <c>--trainers</c> and <see cref="NasExperiment.SetTrainers(string[])"/>.</summary>
public static class CandidateTrainers
{
    /// <summary>All built-in names, in leaderboard order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["nas", "lightgbm", "fasttree", "linear"];

    /// <summary>Image-only trainers, for image inputs: "cell" (NAS-Bench-201 cells) and "mobile" (inverted-residual blocks).</summary>
    public static IReadOnlyList<string> ImageNames { get; } = ["cell", "mobile"];

    /// <summary>Text-only trainers, for files with a text column: "text" (searched text encoders, <see cref="TextNasCandidate"/>, built with the text columns).</summary>
    public static IReadOnlyList<string> TextNames { get; } = ["text"];

    /// <summary>The candidate with the given name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static ICandidateTrainer Create(string name) => name.Trim().ToLowerInvariant() switch
    {
        "nas" => new NasCandidate(),
        "lightgbm" => new LightGbmCandidate(),
        "fasttree" => new FastTreeCandidate(),
        "linear" => new LinearCandidate(),
        "cell" => new NasCandidate(new Architectures.Families.CellFamily(), "cell"),
        "mobile" => new NasCandidate(new Architectures.Families.MobileFamily(), "mobile"),
        "text" => throw new ArgumentException("The text trainer reads named text columns: create it with new TextNasCandidate(columns)."),
        _ => throw new ArgumentException($"Unknown trainer '{name}'; expected one of: {string.Join(", ", Names.Concat(ImageNames))}."),
    };
}
