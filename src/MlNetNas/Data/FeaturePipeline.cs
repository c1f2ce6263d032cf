using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace MlNetNas.Data;

/// <summary>Builds the ML.NET transforms that turn a data file's feature columns into one Single vector column "Features".</summary>
public static class FeaturePipeline
{
    /// <summary>The output column.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>
    /// For a file with text and other feature columns, the other columns' part of <see cref="FeaturesColumn"/> on its own
    /// (numbers and categories, featurized the same way): what a text network joins to its encoding of the text.
    /// </summary>
    public const string OtherFeaturesColumn = "OtherFeatures";

    private const string Prefix = "__MlNetNas_";
    private const string NumericRaw = Prefix + "NumericRaw";
    private const string NumericFinite = Prefix + "NumericFinite";
    private const string NumericFilled = Prefix + "NumericFilled";
    private const string NumericScaled = Prefix + "NumericScaled";
    private const string MissingFlags = Prefix + "MissingFlags";
    private const string MissingIndicators = Prefix + "MissingIndicators";

    // TextLoader reads "Infinity" or "1e999" as ±∞, and ReplaceMissingValues only fills NaN: this maps every
    // non-finite value to NaN first, so ∞ is filled like any missing value and never reaches a network.
    // (NaN fails the comparison too, and stays NaN.)
    private const string FiniteOrMissing = "x : abs(x) <= 3.4028234e38 ? x : na(x)";

    /// <summary>
    /// Numeric columns: concatenated, non-finite values made missing, missing values replaced by the mean
    /// (plus one 0/1 indicator per numeric column with <see cref="MissingValuePolicy.MeanWithIndicator"/>), then scaled
    /// (normalizers with fixZero: false where the API has it). Categorical columns: one-hot or hashed one-hot.
    /// Text columns: word and character n-grams (TF-IDF or plain counts), L2-normalized. All of it concatenated into "Features" in that order; the label
    /// column is not read, and the intermediate columns are dropped.
    /// </summary>
    public static IEstimator<ITransformer> Create(MLContext mlContext, DataFileSchema schema, PreprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);

        var steps = new List<IEstimator<ITransformer>>();
        var parts = new List<string>();
        var temporary = new List<string>();

        string[] numeric = [.. schema.ColumnsOf(ColumnPurpose.Numeric).Select(c => c.Name)];
        if (numeric.Length > 0)
        {
            steps.Add(mlContext.Transforms.Concatenate(NumericRaw, numeric));
            steps.Add(mlContext.Transforms.Expression(NumericFinite, FiniteOrMissing, NumericRaw));
            steps.Add(mlContext.Transforms.ReplaceMissingValues(NumericFilled, NumericFinite, MissingValueReplacingEstimator.ReplacementMode.Mean));
            string scaled = options.Scaling == NumericScaling.None ? NumericFilled : NumericScaled;
            IEstimator<ITransformer>? scaling = options.Scaling switch
            {
                NumericScaling.MinMax => mlContext.Transforms.NormalizeMinMax(NumericScaled, NumericFilled, fixZero: false),
                NumericScaling.MeanVariance => mlContext.Transforms.NormalizeMeanVariance(NumericScaled, NumericFilled, fixZero: false),
                NumericScaling.LogMeanVariance => mlContext.Transforms.NormalizeLogMeanVariance(NumericScaled, fixZero: false, NumericFilled),
                NumericScaling.Binning => mlContext.Transforms.NormalizeBinning(NumericScaled, NumericFilled, fixZero: false),
                NumericScaling.None => null,
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Scaling, "Unknown numeric scaling."),
            };
            if (scaling is not null)
            {
                steps.Add(scaling);
            }

            parts.Add(scaled);
            temporary.AddRange([NumericRaw, NumericFinite, NumericFilled]);
            if (options.Scaling != NumericScaling.None)
            {
                temporary.Add(NumericScaled);
            }

            if (options.MissingValues == MissingValuePolicy.MeanWithIndicator)
            {
                steps.Add(mlContext.Transforms.IndicateMissingValues(MissingFlags, NumericFinite));
                steps.Add(mlContext.Transforms.Conversion.ConvertType(MissingIndicators, MissingFlags, DataKind.Single));
                parts.Add(MissingIndicators);
                temporary.AddRange([MissingFlags, MissingIndicators]);
            }
        }

        foreach (InferredColumn column in schema.ColumnsOf(ColumnPurpose.Categorical))
        {
            string output = $"{Prefix}Categorical{column.Index}";
            steps.Add(options.Categorical switch
            {
                CategoricalEncoding.OneHot => mlContext.Transforms.Categorical.OneHotEncoding(output, column.Name),
                CategoricalEncoding.OneHotHash => mlContext.Transforms.Categorical.OneHotHashEncoding(output, column.Name, numberOfBits: HashBits(column, options.CategoricalHashBits)),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Categorical, "Unknown categorical encoding."),
            });
            parts.Add(output);
            temporary.Add(output);
        }

        string[] otherParts = [.. parts];
        foreach (InferredColumn column in schema.ColumnsOf(ColumnPurpose.Text))
        {
            string output = $"{Prefix}Text{column.Index}";
            var textOptions = new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.TextNgramLength, UseAllLengths = true, Weighting = Weighting(options) },
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.TextCharNgramLength, UseAllLengths = false, Weighting = Weighting(options) },
            };
            steps.Add(mlContext.Transforms.Text.FeaturizeText(output, textOptions, column.Name));
            parts.Add(output);
            temporary.Add(output);
        }

        if (parts.Count == 0)
        {
            throw new InvalidOperationException($"The schema of '{schema.Path}' has no numeric, categorical or text feature columns to build '{FeaturesColumn}' from.");
        }

        steps.Add(mlContext.Transforms.Concatenate(FeaturesColumn, [.. parts]));
        if (otherParts.Length > 0 && otherParts.Length < parts.Count)
        {
            steps.Add(mlContext.Transforms.Concatenate(OtherFeaturesColumn, otherParts));
        }

        steps.Add(mlContext.Transforms.DropColumns([.. temporary]));
        return Chain(steps);
    }

    /// <summary>The steps as one estimator chain, in order (the featurizer's and the text tokenizer's).</summary>
    internal static EstimatorChain<ITransformer> Chain(IEnumerable<IEstimator<ITransformer>> steps)
    {
        var chain = new EstimatorChain<ITransformer>();
        foreach (IEstimator<ITransformer> step in steps)
        {
            chain = chain.Append(step);
        }

        return chain;
    }

    private static NgramExtractingEstimator.WeightingCriteria Weighting(PreprocessingOptions options) =>
        options.TextTfIdf ? NgramExtractingEstimator.WeightingCriteria.TfIdf : NgramExtractingEstimator.WeightingCriteria.Tf;

    /// <summary>
    /// Hash bits for a categorical column: about four slots per category seen (at least 16 slots), at most
    /// <paramref name="maxBits"/>; every slot is a network input, and 1024 slots for a column of five values
    /// made the taxi-fare data 3,000 features wide (a gigabyte of dense rows).
    /// </summary>
    internal static int HashBits(InferredColumn column, int maxBits) =>
        Math.Clamp((int)Math.Ceiling(Math.Log2(4.0 * Math.Max(1, column.DistinctCount))), Math.Min(4, maxBits), maxBits);
}
