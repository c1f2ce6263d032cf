using System.Text.Json.Serialization;
using Microsoft.ML.Data;

namespace ServeModel;

/// <summary>One flower as the service receives it: the iris file's feature columns, by the names the model was trained on.</summary>
public sealed class IrisInput
{
    [JsonPropertyName("sepal_length")]
    [ColumnName("sepal_length")]
    public float SepalLength { get; set; }

    [JsonPropertyName("sepal_width")]
    [ColumnName("sepal_width")]
    public float SepalWidth { get; set; }

    [JsonPropertyName("petal_length")]
    [ColumnName("petal_length")]
    public float PetalLength { get; set; }

    [JsonPropertyName("petal_width")]
    [ColumnName("petal_width")]
    public float PetalWidth { get; set; }
}
