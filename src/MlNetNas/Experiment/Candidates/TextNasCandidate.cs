using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Data;
using MlNetNas.Data.Text;

namespace MlNetNas.Experiment.Candidates;

using MlNetNas.SearchSpace;

/// <summary>
/// Text encoders designed by the search ("text"): each trial fits its own tokenizer of the text columns (words or
/// characters, lower-casing, vocabulary size, sequence length: <c>token_unit</c>, <c>lowercase</c>, <c>vocabulary</c>,
/// <c>sequence_length</c>, in the same space as the encoder of <see cref="TextEncoderFamily"/>) with ML.NET's transforms,
/// and trains a network on the token ids. Its model is the tokenizer followed by the network's ApplyOnnxModel and heads,
/// so model.zip takes the raw text. The file's other columns (<see cref="FeaturePipeline.OtherFeaturesColumn"/>, when the
/// featurizer writes it) follow the ids in the network's input and join the pooled encoding before the head. It competes with the classic trainers over FeaturizeText's n-grams in the same run.
/// </summary>
public sealed class TextNasCandidate : ICandidateTrainer, IStartingPoints
{
    /// <summary>The column of token ids the tokenizer writes and the network reads.</summary>
    public const string TokensColumn = "TextTokens";

    /// <summary>The network's input when the file has other feature columns: the token ids, then those features.</summary>
    public const string NetworkInputColumn = "TextNetworkInput";

    private readonly NasCandidate network;
    private readonly string[] textColumns;

    /// <summary>A candidate over the text columns <paramref name="textColumns"/> (concatenated, in this order).</summary>
    public TextNasCandidate(IEnumerable<string> textColumns, int maxEpochs = 30)
    {
        this.textColumns = textColumns.ToArray();
        if (this.textColumns.Length == 0)
        {
            throw new ArgumentException("A text candidate needs at least one text column.", nameof(textColumns));
        }

        network = new NasCandidate(new TextEncoderFamily(maxEpochs), Name);
    }

    /// <inheritdoc />
    public string Name => "text";

    /// <summary>The text columns it reads.</summary>
    public IReadOnlyList<string> TextColumns => textColumns;

    /// <inheritdoc />
    public SearchSpace CreateSearchSpace(NasTask task)
    {
        var space = new SearchSpace()
            .Add("token_unit", new ChoiceOption("words", "characters"))
            .Add("lowercase", new ChoiceOption(true, false))
            .Add("vocabulary", new ChoiceOption(10_000, 3_000, 30_000))
            .Add("sequence_length", new ChoiceOption(128, 64, 256, 512));
        foreach (var (key, option) in network.Family.CreateSearchSpace(InputSpec.Tokens(128, 10_000)))
        {
            space.Add(key, option);
        }

        return space;
    }

    /// <summary>After the default convolution: a bag of embeddings with mean and max pooling (fast and strong on short texts), then a two-layer transformer over characters.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Parameter>> StartingPoints(NasTask task) =>
    [
        new Dictionary<string, Parameter> { ["encoder"] = Parameter.FromString("bag"), ["pooling"] = Parameter.FromString("mean_max"), ["embedding_dim"] = Parameter.FromInt(128) },
        new Dictionary<string, Parameter> { ["encoder"] = Parameter.FromString("conv"), ["token_unit"] = Parameter.FromString("characters"), ["sequence_length"] = Parameter.FromInt(256), ["conv_layers"] = Parameter.FromInt(2), ["kernel"] = Parameter.FromInt(5) },
    ];

    /// <summary>The tokenization a point of the space describes.</summary>
    public static TokenizationOptions ToTokenization(Parameter parameter) => new()
    {
        Unit = parameter["token_unit"].AsString() == "characters" ? TokenUnit.Characters : TokenUnit.Words,
        LowerCase = parameter["lowercase"].AsBool(),
        VocabularySize = parameter["vocabulary"].AsInt(),
        SequenceLength = parameter["sequence_length"].AsInt(),
    };

    /// <inheritdoc />
    public CandidateModel Fit(CandidateContext context, Parameter parameter)
    {
        var tokenization = ToTokenization(parameter);
        var tokenizer = TextTokenizer.Fit(context.Context, context.Train, textColumns, tokenization, TokensColumn);

        // The file's other columns (featurized like the classic trainers see them) follow the ids in the network's input.
        ITransformer reader = tokenizer.Transformer;
        string inputColumn = TokensColumn;
        int otherFeatures = 0;
        if (context.Train.Schema.GetColumnOrNull(FeaturePipeline.OtherFeaturesColumn) is { Type: VectorDataViewType { Size: > 0 } other })
        {
            otherFeatures = other.Size;
            inputColumn = NetworkInputColumn;
            var joined = context.Context.Transforms.Concatenate(NetworkInputColumn, TokensColumn, FeaturePipeline.OtherFeaturesColumn).Fit(tokenizer.Transformer.Transform(context.Train));
            reader = new TransformerChain<ITransformer>(tokenizer.Transformer, joined);
        }

        var tokenized = context with
        {
            Train = context.Context.Data.Cache(reader.Transform(context.Train)),
            Validation = context.Context.Data.Cache(reader.Transform(context.Validation)),
            Input = InputSpec.Tokens(tokenization.SequenceLength, tokenizer.Ids, otherFeatures),
        };
        var fitted = network.Fit(tokenized, parameter, inputColumn);
        string unit = tokenization.Unit == TokenUnit.Words ? "words" : "characters";
        var design = (TextEncoderOptions)network.Family.ToDesign(parameter);

        // The network reads token ids, not the shared feature vector, so it stays out of the feature-level ensemble and refit.
        return fitted with
        {
            Model = new TransformerChain<ITransformer>(reader, fitted.Model),
            Architecture = $"{design.Describe()}; {tokenizer.Ids - TokenSequencePadding.ReservedIds} {unit} x {tokenization.SequenceLength}"
                + (otherFeatures > 0 ? $" + {otherFeatures} other features" : string.Empty),
            Network = null,
            JoinsEnsembles = false,
        };
    }
}
