namespace MlNetNas.Experiment;

/// <summary>A network's validation loss after each epoch, the first epoch first; equal to another curve with the same values.</summary>
public sealed record LearningCurve(IReadOnlyList<double> ValidationLoss)
{
    /// <inheritdoc />
    public bool Equals(LearningCurve? other) => other is not null && ValidationLoss.SequenceEqual(other.ValidationLoss);

    /// <inheritdoc />
    public override int GetHashCode() => ValidationLoss.Aggregate(ValidationLoss.Count, (hash, v) => HashCode.Combine(hash, v));

    /// <summary>The losses as a JSON array (round-trip precision).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(ValidationLoss);

    /// <summary>Reads <see cref="ToJson"/>.</summary>
    public static LearningCurve FromJson(string json) => new(System.Text.Json.JsonSerializer.Deserialize<double[]>(json) ?? []);
}
