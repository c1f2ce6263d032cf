namespace MlNetNas.Data.Text;

/// <summary>How <see cref="TextTokenizer"/> turns text columns into a fixed-length sequence of token ids.</summary>
public sealed record TokenizationOptions
{
    /// <summary>Words or characters. Default <see cref="TokenUnit.Words"/>.</summary>
    public TokenUnit Unit { get; init; } = TokenUnit.Words;

    /// <summary>Whether text is lower-cased first. Default true.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>The most tokens in the vocabulary (the most frequent in the training rows); others are the unknown token. Default 10,000.</summary>
    public int VocabularySize { get; init; } = 10_000;

    /// <summary>
    /// A token must occur this often in the training rows to enter the vocabulary. Default 2: tokens seen once then train
    /// the unknown token's embedding, which is what new words look like at prediction time.
    /// </summary>
    public int MinimumCount { get; init; } = 2;

    /// <summary>Tokens per row: longer rows keep their first tokens, shorter ones are padded. Default 128.</summary>
    public int SequenceLength { get; init; } = 128;

    /// <summary>Throws unless every setting is in range.</summary>
    public void Validate()
    {
        if (VocabularySize < 1 || MinimumCount < 1 || SequenceLength < 1)
        {
            throw new ArgumentException($"Tokenization needs a vocabulary, minimum count and sequence length of at least 1; got {VocabularySize}, {MinimumCount}, {SequenceLength}.");
        }
    }
}
