using System.Text.Json;
using MlNetNas.Trainers;

namespace MlNetNas.Serving;

/// <summary>
/// What <see cref="NasModel"/> needs besides the ONNX network to give ML.NET's answers: the task, the class names in the
/// network's output order (binary: the false then the true class), and the feature column the network reads. Saved in
/// model.zip (entry <see cref="Entry"/>) and in model.onnx's metadata (<see cref="MetadataKey"/>).
/// </summary>
public sealed record ServingManifest(NasTaskKind Task, IReadOnlyList<string> ClassNames, string FeatureColumn)
{
    /// <summary>The zip entry of the manifest; the network itself is <see cref="NetworkEntry"/>.</summary>
    public const string Entry = "MlNetNas/serving.json";

    /// <summary>The zip entry of the network's ONNX bytes.</summary>
    public const string NetworkEntry = "MlNetNas/network.onnx";

    /// <summary>The ONNX metadata key that holds the manifest.</summary>
    public const string MetadataKey = "mlnetnas.serving";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The manifest as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a manifest.</exception>
    public static ServingManifest FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ServingManifest>(json, Json) ?? throw new InvalidDataException("The serving manifest is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The serving manifest cannot be read: {e.Message}", e);
        }
    }
}
