using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNas.Cli;

/// <summary>The model.zip a command reads (<c>predict</c>, <c>explain</c>), loaded with its data loader, or one clear error.</summary>
internal static class SavedModel
{
    /// <summary>Loads <paramref name="modelPath"/> with the loader it was saved with.</summary>
    /// <exception cref="InvalidDataException">The file is not an ML.NET model saved with its data loader.</exception>
    public static ITransformer Load(MLContext ml, string modelPath, out IDataLoader<IMultiStreamSource> loader)
    {
        try
        {
            return ml.Model.LoadWithDataLoader(modelPath, out loader);
        }
        catch (Exception e)
        {
            throw new InvalidDataException($"'{modelPath}' is not an ML.NET model saved with its data loader ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}).", e);
        }
    }
}
