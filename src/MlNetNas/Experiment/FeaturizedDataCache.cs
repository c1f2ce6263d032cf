using Microsoft.ML;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// Fits the featurizer a trial asks for and keeps the featurized training and validation data of the most
/// recent preprocessing choices, so trials that share them do not featurize again. The featurizer is fitted in a context
/// seeded by the experiment's seed and the choices alone, not by the trial that asks first: a trial then sees the same
/// data whichever trials ran before it (a resumed run's first trials find the cache empty).
/// </summary>
internal sealed class FeaturizedDataCache
{
    private const int Capacity = 4;
    private readonly IEstimator<ITransformer>? pipeline;
    private readonly Func<MLContext, Parameter, IEstimator<ITransformer>>? factory;
    private readonly IDataView train;
    private readonly IDataView validation;
    private readonly LinkedList<(string Key, FeaturizedData Data)> entries = new();
    private readonly int seed;

    public FeaturizedDataCache(IEstimator<ITransformer>? pipeline, Func<MLContext, Parameter, IEstimator<ITransformer>>? factory, IDataView train, IDataView validation, int seed = 0)
    {
        this.seed = seed;
        this.pipeline = pipeline;
        this.factory = factory;
        this.train = train;
        this.validation = validation;
    }

    public FeaturizedData Get(Parameter? preprocessing)
    {
        // Trials running at once ask from their own threads; one featurizes while the other waits for the same data.
        lock (entries)
        {
            return GetLocked(preprocessing);
        }
    }

    private FeaturizedData GetLocked(Parameter? preprocessing)
    {
        string key = preprocessing?.ToJson() ?? string.Empty;
        var hit = entries.FirstOrDefault(e => e.Key == key);
        if (hit.Data is not null)
        {
            return hit.Data;
        }

        var ml = new MLContext(seed ^ StableHash(key));
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

    // FNV-1a: string.GetHashCode differs from process to process, and the seed must not.
    private static int StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}

/// <summary>A fitted featurizer and the data it produced.</summary>
internal sealed record FeaturizedData(ITransformer Featurizer, IDataView Train, IDataView Validation)
{
    private long? trainRows;

    private int? effectiveFeatures;

    /// <summary>The training rows (counted once).</summary>
    public long TrainRows => trainRows ??= Data.DataViewValues.RowCount(Train);

    /// <summary>
    /// The width that a classic fit's cost grows with: the slots of the feature vector, or for a wide sparse one (text
    /// n-grams) the non-zero slots of a row plus a hundredth of the slots, from the first 256 rows. Trees cost about what a
    /// row holds, not its width: SMS spam's 65,841 n-gram slots hold about a hundred per row.
    /// </summary>
    public int EffectiveFeatures(int slots)
    {
        if (slots <= 1000)
        {
            return slots;
        }

        return effectiveFeatures ??= Math.Min(slots, NonZeroPerRow + (slots / 100) + 1);
    }

    /// <summary>The mean non-zero slots of the first 256 training rows' feature vectors.</summary>
    public int NonZeroPerRow => nonZeroPerRow ??= (int)Math.Ceiling(MeanNonZero(256));

    private int? nonZeroPerRow;

    private double MeanNonZero(int rows)
    {
        var column = Train.Schema[Candidates.CandidateContext.FeatureColumn];
        using var cursor = Train.GetRowCursor([column]);
        var getter = cursor.GetGetter<Microsoft.ML.Data.VBuffer<float>>(column);
        var value = default(Microsoft.ML.Data.VBuffer<float>);
        long nonZero = 0;
        int seen = 0;
        while (seen < rows && cursor.MoveNext())
        {
            getter(ref value);
            foreach (float v in value.GetValues())
            {
                nonZero += v != 0 ? 1 : 0;
            }

            seen++;
        }

        return seen == 0 ? 0 : nonZero / (double)seen;
    }
}
