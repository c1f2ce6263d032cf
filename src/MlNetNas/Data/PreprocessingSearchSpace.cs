namespace MlNetNas.Data;

using MlNetNas.SearchSpace;

/// <summary>
/// The preprocessing choices of a data file as a sweepable space (missing values, numeric scaling, the
/// categorical encoding where the file has categorical columns, and TF-IDF or counts where it has text), and their mapping to <see cref="PreprocessingOptions"/>.
/// </summary>
public static class PreprocessingSearchSpace
{
    /// <summary>The space for <paramref name="schema"/>; the first value of each choice is the default.</summary>
    public static SearchSpace Create(DataFileSchema schema)
    {
        // Missing-value indicators only matter where values are missing; a choice that changes nothing would
        // only split the trials (and the networks an ensemble can average) between identical featurizers.
        bool anyMissing = schema.Columns.Any(c => c.Purpose == ColumnPurpose.Numeric && c.MissingCount > 0) || schema.Warnings.Count > 0;
        var space = new SearchSpace()
            .Add("missing", anyMissing ? new ChoiceOption("mean", "mean_with_indicator") : new ChoiceOption("mean"))
            .Add("scaling", new ChoiceOption("mean_variance", "min_max", "log_mean_variance", "binning"));
        if (schema.ColumnsOf(ColumnPurpose.Categorical).Count > 0)
        {
            space.Add("categorical", new ChoiceOption("one_hot", "one_hot_hash"));
        }

        if (schema.ColumnsOf(ColumnPurpose.Text).Count > 0)
        {
            space.Add("text_weighting", new ChoiceOption("tf_idf", "tf"));
        }

        return space;
    }

    /// <summary>The options a point of the space stands for.</summary>
    public static PreprocessingOptions ToOptions(Parameter parameter) => new()
    {
        MissingValues = parameter["missing"].AsString() == "mean_with_indicator" ? MissingValuePolicy.MeanWithIndicator : MissingValuePolicy.Mean,
        Scaling = parameter["scaling"].AsString() switch
        {
            "min_max" => NumericScaling.MinMax,
            "log_mean_variance" => NumericScaling.LogMeanVariance,
            "binning" => NumericScaling.Binning,
            _ => NumericScaling.MeanVariance,
        },
        TextTfIdf = !parameter.ContainsKey("text_weighting") || parameter["text_weighting"].AsString() == "tf_idf",
        Categorical = parameter.ContainsKey("categorical") && parameter["categorical"].AsString() == "one_hot_hash"
            ? CategoricalEncoding.OneHotHash
            : CategoricalEncoding.OneHot,
    };
}
