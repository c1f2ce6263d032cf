namespace MlNetNas.Architectures.Families;

/// <summary>How a text encoder turns embedded tokens into one vector.</summary>
public enum TextEncoderKind
{
    /// <summary>Pool the token embeddings directly (a bag of embeddings, order ignored).</summary>
    Bag,

    /// <summary>1-D convolutions along the sequence, then pooling.</summary>
    Convolution,

    /// <summary>Transformer encoder layers with learned positions, then pooling.</summary>
    Transformer,
}
