using System.IO.Compression;
using Microsoft.ML;

namespace MlNetNas.Data;

/// <summary>
/// Reads a data file for a model.zip written by mlnet-nas by column name rather than position. The model.zip's own loader
/// (<c>mlContext.Model.LoadWithDataLoader</c>) reads cells by position, like any ML.NET TextLoader, so a file with the same
/// header in another order would be scored silently wrong; the training file's <see cref="DataFileLayout"/> travels inside
/// the zip (an entry that ML.NET does not read), and <see cref="Load"/> uses it:
/// <code>
/// var model = mlContext.Model.Load("model.zip", out _);
/// var rows = ModelInputFile.Load(mlContext, "model.zip", "new-rows.csv");
/// var scored = model.Transform(rows);
/// </code>
/// </summary>
public static class ModelInputFile
{
    /// <summary>The zip entry that holds the training file's layout.</summary>
    public const string LayoutEntry = "MlNetNas/DataFileLayout.json";

    /// <summary>The training file's layout saved in <paramref name="modelPath"/>, or null for a model without one (an image model, or one written before layouts were saved).</summary>
    /// <exception cref="InvalidDataException">The file is not a zip, or its layout entry is damaged.</exception>
    public static DataFileLayout? ReadLayout(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        using var zip = ZipFile.OpenRead(modelPath);
        var entry = zip.GetEntry(LayoutEntry);
        if (entry is null)
        {
            return null;
        }

        using var reader = new StreamReader(entry.Open());
        return DataFileLayout.FromJson(reader.ReadToEnd());
    }

    /// <summary>
    /// Loads <paramref name="dataPath"/> for the model in <paramref name="modelPath"/>: columns matched by header name
    /// whatever their order, extra columns ignored (with a warning), a missing feature column refused by name; without a
    /// header, the training file's column count is required (or that count without the label).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model holds no layout.</exception>
    /// <exception cref="DataValidationException">The file lacks a column the model reads.</exception>
    public static IDataView Load(MLContext mlContext, string modelPath, string dataPath, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var layout = ReadLayout(modelPath)
            ?? throw new InvalidOperationException($"'{modelPath}' holds no training column layout (an image model, or one written by an older mlnet-nas): load files with mlContext.Model.LoadWithDataLoader, columns in the training file's order.");
        return layout.LoadByName(mlContext, dataPath, requireLabel: false, warnings);
    }

    /// <summary>Adds <paramref name="layout"/> to a model.zip just saved by ML.NET.</summary>
    internal static void WriteLayout(string modelPath, DataFileLayout layout)
    {
        using var zip = ZipFile.Open(modelPath, ZipArchiveMode.Update);
        zip.GetEntry(LayoutEntry)?.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(LayoutEntry).Open());
        writer.Write(layout.ToJson());
    }
}
