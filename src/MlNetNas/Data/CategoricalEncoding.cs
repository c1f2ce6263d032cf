namespace MlNetNas.Data;

/// <summary>How categorical columns become numeric features.</summary>
public enum CategoricalEncoding
{
    /// <summary>One indicator slot per category seen in training.</summary>
    OneHot,

    /// <summary>Categories hashed into 2^<see cref="PreprocessingOptions.CategoricalHashBits"/> indicator slots.</summary>
    OneHotHash,
}
