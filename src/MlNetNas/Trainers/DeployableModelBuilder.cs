using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Onnx;
using MlNetNas.Trainers.Heads;

namespace MlNetNas.Trainers;

/// <summary>
/// Turns an exported network into ML.NET's own saveable transformers: <c>ApplyOnnxModel</c> (from a stream,
/// so the bytes travel inside model.zip) followed by built-in heads whose learned parameters are an exact
/// identity (each task's <see cref="ITaskHead"/>), giving ML.NET's standard output columns. See MLNET-FACTS.md for why this route.
/// </summary>
internal static class DeployableModelBuilder
{
    /// <summary>
    /// The transformer that scores <paramref name="inputSchemaSample"/>-shaped data with the network.
    /// <paramref name="classNames"/> (multiclass) gives the text of each class, in key order.
    /// </summary>
    public static ITransformer Build(MLContext ml, NetworkOnnxExport export, NasTaskKind task, IDataView inputSchemaSample, IReadOnlyList<string>? classNames)
    {
        var onnx = ml.Transforms.ApplyOnnxModel(
            outputColumnNames: [export.OutputName],
            inputColumnNames: [export.InputName],
            modelBytes: new MemoryStream(export.Bytes)).Fit(inputSchemaSample);
        // ONNX Runtime fixes the batch dimension to 1, so [N, k] arrives as a Vector<Single, 1, k>; the heads
        // are fitted on synthetic rows of exactly that type.
        var outputType = (VectorDataViewType)onnx.GetOutputSchema(inputSchemaSample.Schema)[export.OutputName].Type;
        var parts = new List<ITransformer> { onnx };
        parts.AddRange(TaskHeads.For(task).BuildMlNetHead(ml, export, outputType, classNames ?? []));
        return new TransformerChain<ITransformer>(parts.ToArray());
    }
}
