using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetNas.Onnx;
using MlNetNas.Training;

namespace MlNetNas.Trainers.Heads;

/// <summary>
/// Multiclass classification: a key label (keys 1..k become targets 0..k-1), k logits with a softmax in ONNX; the
/// <c>Score</c> vector and key <c>PredictedLabel</c> come from a k-means whose centroids are the k one-hot vectors,
/// so each row goes to the cluster of its argmax, mapped back to the class keys.
/// </summary>
internal sealed class MulticlassHead : ITaskHead
{
    public NasTaskKind Kind => NasTaskKind.MulticlassClassification;

    public TrainingObjective Objective => TrainingObjective.MulticlassClassification;

    public string OutputName => "nas_probabilities";

    public string ExpectedLabel => "a key type (use MapValueToKey)";

    public bool Accepts(DataViewSchema.Column label) => label.Type is KeyDataViewType;

    public int Outputs(IReadOnlyList<string> classNames) => classNames.Count;

    public IReadOnlyList<string> ClassNames(DataViewSchema.Column label)
    {
        int count = (int)((KeyDataViewType)label.Type).Count;
        if (count < 2)
        {
            throw new ArgumentException($"The label column '{label.Name}' has only one class; classification needs at least two.");
        }

        if (label.HasKeyValues())
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            if (label.Annotations.Schema["KeyValues"].Type is VectorDataViewType { ItemType: TextDataViewType })
            {
                label.GetKeyValues(ref values);
                return values.DenseValues().Select(v => v.ToString()).ToArray();
            }
        }

        return Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public Func<float> TargetGetter(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        var key = cursor.GetGetter<uint>(label);
        uint k = 0;
        return () => { key(ref k); return k == 0 ? float.NaN : k - 1; };
    }

    public string EmitOnnxOutput(OnnxGraphBuilder onnx, string raw, TrainedNetwork network) =>
        onnx.AddNode("Softmax", [raw], new Dictionary<string, object> { ["axis"] = 1L });

    public IEnumerable<ITransformer> BuildMlNetHead(MLContext ml, NetworkOnnxExport export, VectorDataViewType outputType, IReadOnlyList<string> classNames)
    {
        int k = export.OutputWidth;
        if (classNames.Count != k)
        {
            throw new ArgumentException($"The network has {k} outputs but {classNames.Count} class names were given.");
        }

        // k-means on the k one-hot vectors has them as centroids: each row goes to the cluster of its argmax.
        var oneHots = Enumerable.Range(0, k).Select(i => (Enumerable.Range(0, k).Select(j => j == i ? 1f : 0f).ToArray(), 0f)).ToArray();
        var rows = ExactHeadParts.VectorRows(ml, export.OutputName, outputType, oneHots);
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

    public IEstimator<ITransformer> OutputSchemaStandIn(MLContext ml, string labelColumn, string featureColumn) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumn, featureColumn);

    private sealed class ClassName
    {
        public string Value { get; set; } = string.Empty;
    }
}
