using Microsoft.ML;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// Fits the featurizer a trial asks for and keeps the featurized training and validation data of the most
/// recent preprocessing choices, so trials that share them do not featurize again.
/// </summary>
internal sealed class FeaturizedDataCache
{
    private const int Capacity = 4;
    private readonly IEstimator<ITransformer>? pipeline;
    private readonly Func<MLContext, Parameter, IEstimator<ITransformer>>? factory;
    private readonly IDataView train;
    private readonly IDataView validation;
    private readonly LinkedList<(string Key, FeaturizedData Data)> entries = new();

    public FeaturizedDataCache(IEstimator<ITransformer>? pipeline, Func<MLContext, Parameter, IEstimator<ITransformer>>? factory, IDataView train, IDataView validation)
    {
        this.pipeline = pipeline;
        this.factory = factory;
        this.train = train;
        this.validation = validation;
    }

    public FeaturizedData Get(MLContext ml, Parameter? preprocessing)
    {
        string key = preprocessing?.ToJson() ?? string.Empty;
        var hit = entries.FirstOrDefault(e => e.Key == key);
        if (hit.Data is not null)
        {
            return hit.Data;
        }

        var estimator = pipeline ?? factory!(ml, preprocessing!);
        var featurizer = estimator.Fit(train);
        var data = new FeaturizedData(featurizer, ml.Data.Cache(featurizer.Transform(train)), ml.Data.Cache(featurizer.Transform(validation)));
        entries.AddFirst((key, data));
        if (entries.Count > Capacity)
        {
            entries.RemoveLast();
        }

        return data;
    }
}

/// <summary>A fitted featurizer and the data it produced.</summary>
internal sealed record FeaturizedData(ITransformer Featurizer, IDataView Train, IDataView Validation)
{
    private long? trainRows;

    /// <summary>The training rows (counted once).</summary>
    public long TrainRows => trainRows ??= Data.DataViewValues.RowCount(Train);
}
