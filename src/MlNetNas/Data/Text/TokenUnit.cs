namespace MlNetNas.Data.Text;

/// <summary>What a token of a text is.</summary>
public enum TokenUnit
{
    /// <summary>Words: the text without punctuation, split at spaces.</summary>
    Words,

    /// <summary>Characters, punctuation included.</summary>
    Characters,
}
