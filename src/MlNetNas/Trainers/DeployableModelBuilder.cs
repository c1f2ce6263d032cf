using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetNas.Onnx;

namespace MlNetNas.Trainers;

/// <summary>
/// Turns an exported network into ML.NET's own saveable transformers: <c>ApplyOnnxModel</c> (from a stream,
/// so the bytes travel inside model.zip) followed by built-in heads whose learned parameters are an exact
/// identity, giving ML.NET's standard scalar output columns. See MLNET-FACTS.md for why this route.
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
        parts.AddRange(task switch
        {
            NasTaskKind.MulticlassClassification => MulticlassHead(ml, export, outputType, classNames ?? throw new ArgumentNullException(nameof(classNames))),
            NasTaskKind.BinaryClassification => BinaryHead(ml, export.OutputName, outputType),
            _ => RegressionHead(ml, export.OutputName, outputType),
        });
        return new TransformerChain<ITransformer>(parts.ToArray());
    }

    private static IEnumerable<ITransformer> RegressionHead(MLContext ml, string column, VectorDataViewType outputType)
    {
        var rows = OneSlotRows(ml, column, outputType, [(1f, 1f), (0f, 0f)], NumberDataViewType.Single);
        var head = ml.Regression.Trainers.OnlineGradientDescent(
            SingleExactStep(new OnlineGradientDescentTrainer.Options { LossFunction = new SquaredLoss(), LearningRate = 0.5f }, column)).Fit(rows);
        CheckIdentity(head.Model.Weights, head.Model.Bias, "regression");
        return [head];
    }

    private static IEnumerable<ITransformer> BinaryHead(MLContext ml, string column, VectorDataViewType outputType)
    {
        var rows = OneSlotRows(ml, column, outputType, [(1f, true), (0f, false)], BooleanDataViewType.Instance);
        var head = ml.BinaryClassification.Trainers.AveragedPerceptron(
            SingleExactStep(new AveragedPerceptronTrainer.Options { LossFunction = new HingeLoss(), LearningRate = 1f }, column)).Fit(rows);
        CheckIdentity(head.Model.Weights, head.Model.Bias, "binary");
        var scored = head.Transform(rows);
        var calibrator = ml.BinaryClassification.Calibrators.Platt(slope: -1, offset: 0).Fit(scored);
        return [head, calibrator];
    }

    private static IEnumerable<ITransformer> MulticlassHead(MLContext ml, NetworkOnnxExport export, VectorDataViewType outputType, IReadOnlyList<string> classNames)
    {
        int k = export.OutputWidth;
        if (classNames.Count != k)
        {
            throw new ArgumentException($"The network has {k} outputs but {classNames.Count} class names were given.");
        }

        // k-means on the k one-hot vectors has them as centroids: each row goes to the cluster of its argmax.
        var oneHots = Enumerable.Range(0, k).Select(i => (Enumerable.Range(0, k).Select(j => j == i ? 1f : 0f).ToArray(), 0f)).ToArray();
        var rows = VectorRows(ml, export.OutputName, outputType, oneHots);
        var kmeans = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = export.OutputName,
            NumberOfClusters = k,
            MaximumNumberOfIterations = 1,
            NumberOfThreads = 1,
        }).Fit(rows);
        VBuffer<float>[] centroids = [];
        kmeans.Model.GetClusterCentroids(ref centroids, out int clusters);
        var clusterToClass = new KeyValuePair<uint, string>[clusters];
        for (int c = 0; c < clusters; c++)
        {
            float[] centroid = centroids[c].DenseValues().ToArray();
            int hot = Array.IndexOf(centroid, 1f);
            if (hot < 0 || centroid.Count(v => v != 0) != 1)
            {
                throw new InvalidOperationException($"The multiclass head's k-means centroid {c} is not one-hot ([{string.Join(", ", centroid)}]); the exact head cannot be built.");
            }

            clusterToClass[c] = new KeyValuePair<uint, string>((uint)(c + 1), classNames[hot]);
        }

        if (clusterToClass.Select(p => p.Value).Distinct().Count() != k)
        {
            throw new InvalidOperationException("The multiclass head's k-means centroids do not cover every class; the exact head cannot be built.");
        }

        var afterKmeans = kmeans.Transform(rows);
        var toText = ml.Transforms.Conversion.MapValue("nas_predicted_text", clusterToClass, "PredictedLabel").Fit(afterKmeans);
        var afterText = toText.Transform(afterKmeans);
        var keyData = ml.Data.LoadFromEnumerable(classNames.Select(n => new ClassName { Value = n }));
        var toKey = ml.Transforms.Conversion.MapValueToKey("PredictedLabel", "nas_predicted_text", keyData: keyData).Fit(afterText);
        var afterKey = toKey.Transform(afterText);
        var score = ml.Transforms.CopyColumns("Score", export.OutputName).Fit(afterKey);
        var drop = ml.Transforms.DropColumns("nas_predicted_text").Fit(score.Transform(afterKey));
        return [kmeans, toText, toKey, score, drop];
    }

    /// <summary>
    /// One pass over the two synthetic rows, in order, with a fixed rate, no averaging and no regularization: the
    /// documented update rules then land exactly on weight 1, bias 0 (checked by <see cref="CheckIdentity"/>).
    /// </summary>
    private static TOptions SingleExactStep<TOptions>(TOptions options, string column)
        where TOptions : AveragedLinearOptions
    {
        options.FeatureColumnName = column;
        options.LabelColumnName = "Label";
        options.DecreaseLearningRate = false;
        options.NumberOfIterations = 1;
        options.L2Regularization = 0;
        options.Shuffle = false;
        options.Averaged = false;
        return options;
    }

    private static void CheckIdentity(IReadOnlyList<float> weights, float bias, string head)
    {
        float[] w = weights.ToArray();
        if (w.Length != 1 || w[0] != 1f || bias != 0f)
        {
            throw new InvalidOperationException($"The {head} head did not come out as an exact identity (weights [{string.Join(", ", w)}], bias {bias}).");
        }
    }

    private static IDataView OneSlotRows<TLabel>(MLContext ml, string column, VectorDataViewType type, (float X, TLabel Y)[] rows, DataViewType labelType) =>
        ml.Data.LoadFromEnumerable(
            rows.Select(r => new HeadRow<TLabel> { X = [r.X], Label = r.Y }),
            Definition<TLabel>(column, type, labelType));

    private static IDataView VectorRows(MLContext ml, string column, VectorDataViewType type, (float[] X, float Y)[] rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new HeadRow<float> { X = r.X, Label = r.Y }), Definition<float>(column, type, NumberDataViewType.Single));

    private static SchemaDefinition Definition<TLabel>(string column, VectorDataViewType type, DataViewType labelType)
    {
        var definition = SchemaDefinition.Create(typeof(HeadRow<TLabel>));
        // The indexer finds columns by their current name: set the type before renaming.
        definition[nameof(HeadRow<TLabel>.Label)].ColumnType = labelType;
        definition[nameof(HeadRow<TLabel>.X)].ColumnType = type;
        definition[nameof(HeadRow<TLabel>.X)].ColumnName = column;
        return definition;
    }

    private sealed class HeadRow<TLabel>
    {
        public float[] X { get; set; } = [];

        public TLabel Label { get; set; } = default!;
    }

    private sealed class ClassName
    {
        public string Value { get; set; } = string.Empty;
    }
}
