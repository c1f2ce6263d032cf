using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace MlNetNas.Data.Text;

/// <summary>
/// Turns text columns into one fixed-length sequence of token ids with ML.NET's own transforms, so a saved model does it
/// too: NormalizeText, TokenizeIntoWords (or characters), Concatenate, MapValue from each token to its vocabulary rank
/// (the vocabulary: the most frequent tokens of the training rows), and <see cref="TokenSequencePadding"/>'s tiny ONNX
/// model for truncating and padding. Ids: 0 padding, 1 unknown, 2.. the vocabulary by frequency.
/// </summary>
public static class TextTokenizer
{
    private const string Prefix = "__MlNetNas_Text_";

    /// <summary>The fitted tokenizer and the number of distinct ids it writes (padding and unknown included).</summary>
    public sealed record Fitted(ITransformer Transformer, int Ids, IReadOnlyList<string> Vocabulary);

    /// <summary>
    /// Fits a tokenizer of <paramref name="textColumns"/> on <paramref name="train"/> that writes the Single vector
    /// <paramref name="outputColumn"/> of <see cref="TokenizationOptions.SequenceLength"/> ids.
    /// </summary>
    /// <exception cref="ArgumentException">No text column is named, one is missing, or is not text.</exception>
    public static Fitted Fit(MLContext ml, IDataView train, IReadOnlyList<string> textColumns, TokenizationOptions options, string outputColumn)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (textColumns.Count == 0)
        {
            throw new ArgumentException("Name at least one text column to tokenize.", nameof(textColumns));
        }

        foreach (string column in textColumns)
        {
            var found = train.Schema.GetColumnOrNull(column)
                ?? throw new ArgumentException($"The text column '{column}' is not in the data; columns: {string.Join(", ", train.Schema.Select(c => c.Name))}.", nameof(textColumns));
            if (found.Type is not TextDataViewType)
            {
                throw new ArgumentException($"The column '{column}' holds {found.Type}, not text.", nameof(textColumns));
            }
        }

        string tokens = Prefix + "Tokens";
        var (split, temporary) = Split(ml, textColumns, options, tokens);
        var splitter = FeaturePipeline.Chain(split).Fit(train);
        var vocabulary = CountVocabulary(splitter.Transform(train), tokens, options);

        string ranks = Prefix + "Ranks";
        var pairs = vocabulary.Select((token, i) => KeyValuePair.Create(token, i + 1f)).ToArray();
        // With no token frequent enough every token is unknown: a one-entry map that no token matches does that.
        var lookup = pairs.Length > 0 ? pairs : [KeyValuePair.Create(string.Empty, 0f)];
        IEstimator<ITransformer>[] steps =
        [
            .. split,
            ml.Transforms.Conversion.MapValue(ranks, lookup, tokens),
            ml.Transforms.ApplyOnnxModel([outputColumn], [ranks], new MemoryStream(TokenSequencePadding.CreateModel(ranks, outputColumn, options.SequenceLength))),
            ml.Transforms.DropColumns([.. temporary, tokens, ranks]),
        ];
        return new Fitted(FeaturePipeline.Chain(steps).Fit(train), vocabulary.Count + TokenSequencePadding.ReservedIds, vocabulary);
    }

    private static (List<IEstimator<ITransformer>> Steps, List<string> Temporary) Split(MLContext ml, IReadOnlyList<string> textColumns, TokenizationOptions options, string tokens)
    {
        var chain = new List<IEstimator<ITransformer>>();
        var temporary = new List<string>();
        var parts = new List<string>();
        var caseMode = options.LowerCase ? TextNormalizingEstimator.CaseMode.Lower : TextNormalizingEstimator.CaseMode.None;
        for (int i = 0; i < textColumns.Count; i++)
        {
            string normalized = $"{Prefix}Normalized{i}";
            string part = $"{Prefix}Part{i}";
            if (options.Unit == TokenUnit.Words)
            {
                chain.Add(ml.Transforms.Text.NormalizeText(normalized, textColumns[i], caseMode, keepDiacritics: false, keepPunctuations: false, keepNumbers: true));
                chain.Add(ml.Transforms.Text.TokenizeIntoWords(part, normalized));
                temporary.AddRange([normalized, part]);
            }
            else
            {
                string keys = $"{Prefix}CharKeys{i}";
                chain.Add(ml.Transforms.Text.NormalizeText(normalized, textColumns[i], caseMode, keepDiacritics: true, keepPunctuations: true, keepNumbers: true));
                chain.Add(ml.Transforms.Text.TokenizeIntoCharactersAsKeys(keys, normalized, useMarkerCharacters: false));
                chain.Add(ml.Transforms.Conversion.MapKeyToValue(part, keys));
                temporary.AddRange([normalized, keys, part]);
            }

            parts.Add(part);
        }

        chain.Add(ml.Transforms.Concatenate(tokens, [.. parts]));
        return (chain, temporary);
    }

    // The most frequent tokens (ties in ordinal order, so the vocabulary does not depend on row order), at most the size asked for.
    private static List<string> CountVocabulary(IDataView data, string column, TokenizationOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var value = default(VBuffer<ReadOnlyMemory<char>>);
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(data.Schema[column]);
        while (cursor.MoveNext())
        {
            getter(ref value);
            foreach (var token in value.DenseValues())
            {
                if (token.Length == 0)
                {
                    continue;
                }

                string text = token.ToString();
                counts[text] = counts.TryGetValue(text, out int n) ? n + 1 : 1;
            }
        }

        return counts.Where(c => c.Value >= options.MinimumCount)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(options.VocabularySize)
            .Select(c => c.Key)
            .ToList();
    }
}
