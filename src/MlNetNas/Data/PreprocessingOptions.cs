namespace MlNetNas.Data;

/// <summary>The preprocessing choices <see cref="FeaturePipeline.Create"/> turns into ML.NET transforms.</summary>
public sealed record PreprocessingOptions
{
    /// <summary>How missing numeric values are filled. Default <see cref="MissingValuePolicy.Mean"/>.</summary>
    public MissingValuePolicy MissingValues { get; init; } = MissingValuePolicy.Mean;

    /// <summary>How numeric features are scaled. Default <see cref="NumericScaling.MeanVariance"/>.</summary>
    public NumericScaling Scaling { get; init; } = NumericScaling.MeanVariance;

    /// <summary>How categorical columns are encoded. Default <see cref="CategoricalEncoding.OneHot"/>.</summary>
    public CategoricalEncoding Categorical { get; init; } = CategoricalEncoding.OneHot;

    /// <summary>
    /// The most hash bits per categorical column for <see cref="CategoricalEncoding.OneHotHash"/>. Default 10 (1024 slots), kept
    /// small because every slot is a network input; a column with few categories gets fewer (about four slots per category).
    /// </summary>
    public int CategoricalHashBits { get; init; } = 10;

    /// <summary>Longest word n-gram extracted from text columns (all shorter lengths included). Default 2.</summary>
    public int TextNgramLength { get; init; } = 2;

    /// <summary>Whether text n-gram counts are weighted by inverse document frequency (TF-IDF). Default true.</summary>
    public bool TextTfIdf { get; init; } = true;

    /// <summary>Length of the character n-grams extracted from text columns. Default 3.</summary>
    public int TextCharNgramLength { get; init; } = 3;
}
