using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Onnx;

namespace MlNetNas.Trainers;

/// <summary>
/// One ML.NET model that averages several fitted models, each with its own featurizer (a LightGBM on min-max features
/// beside a network on binned ones): every member reads the raw columns and writes its output to a column of its own,
/// the outputs are concatenated and a small ONNX model (<see cref="OnnxScoreCombiner"/>) takes their weighted mean,
/// followed by the task's exact ML.NET head. Only ML.NET's own transformers, so model.zip loads with plain ML.NET.
/// </summary>
internal static class EnsembleModelBuilder
{
    private const string MemberPrefix = "nas_member_";

    /// <summary>
    /// The ensemble of <paramref name="members"/> (featurizer, then trainer model writing ML.NET's standard columns),
    /// weighted by <paramref name="weights"/>. <paramref name="sample"/> holds the raw input columns.
    /// </summary>
    public static ITransformer Build(MLContext ml, NasTaskKind task, IReadOnlyList<(ITransformer Featurizer, ITransformer Model)> members, IReadOnlyList<double> weights,
        IDataView sample, IReadOnlyList<string> classNames)
    {
        // What is averaged: class probabilities, the positive class's probability, or the regression value.
        string averaged = task == NasTaskKind.BinaryClassification ? "Probability" : "Score";
        int width = task == NasTaskKind.MulticlassClassification ? classNames.Count : 1;
        var parts = new List<ITransformer>();
        var view = sample;
        var outputs = new List<string>();
        ITransformer Add(ITransformer part)
        {
            parts.Add(part);
            view = part.Transform(view);
            return part;
        }

        for (int m = 0; m < members.Count; m++)
        {
            Add(members[m].Featurizer);
            Add(members[m].Model);
            var column = view.Schema.GetColumnOrNull(averaged)
                ?? throw new InvalidOperationException($"Ensemble member {m} writes no '{averaged}' column.");
            int size = column.Type is VectorDataViewType vector ? vector.Size : 1;
            if (size != width)
            {
                throw new InvalidOperationException($"Ensemble member {m} writes {size} values in '{averaged}'; the ensemble averages {width}.");
            }

            string output = MemberPrefix + m;
            Add(ml.Transforms.CopyColumns(output, averaged).Fit(view));
            outputs.Add(output);
        }

        Add(ml.Transforms.Concatenate(OnnxScoreCombiner.InputName, [.. outputs]).Fit(view));
        Add(DeployableModelBuilder.Build(ml, OnnxScoreCombiner.WeightedMean(task, width, weights), task, view, classNames));
        Add(ml.Transforms.DropColumns([.. outputs, OnnxScoreCombiner.InputName]).Fit(view));
        return new TransformerChain<ITransformer>([.. parts]);
    }
}
