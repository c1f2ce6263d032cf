using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data.Text;
using Xunit;

namespace MlNetNas.Tests.Data.Text;

public sealed class TextTokenizerTests
{
    private sealed class Row
    {
        public string Title { get; set; } = string.Empty;

        public string Body { get; set; } = string.Empty;
    }

    private static IDataView Rows(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        new Row { Title = "Free prize", Body = "call NOW, now!" },
        new Row { Title = "hello", Body = "free call" },
        new Row { Title = "Now free", Body = "once" },
    });

    [Fact]
    public void VocabularyIsTheMostFrequentTokensAndRareOnesAreUnknown()
    {
        var ml = new MLContext(1);
        var fitted = TextTokenizer.Fit(ml, Rows(ml), ["Title", "Body"], new TokenizationOptions { SequenceLength = 6 }, "Tokens");

        // now ×3, free ×3, call ×2 (ties in ordinal order); prize, hello, once appear once: unknown.
        Assert.Equal(["free", "now", "call"], fitted.Vocabulary);
        Assert.Equal(5, fitted.Ids);
        float[][] expected =
        [
            [2, 1, 4, 3, 3, 0], // free prize | call now now (punctuation dropped, lower-cased)
            [1, 2, 4, 0, 0, 0],
            [3, 2, 1, 0, 0, 0],
        ];
        Assert.Equal(expected, Read(fitted.Transformer.Transform(Rows(ml))));
    }

    [Fact]
    public void CharactersKeepCaseWhenAskedAndTruncate()
    {
        var ml = new MLContext(1);
        var fitted = TextTokenizer.Fit(ml, Rows(ml), ["Title"], new TokenizationOptions { Unit = TokenUnit.Characters, LowerCase = false, MinimumCount = 1, SequenceLength = 3 }, "Tokens");

        Assert.Contains("F", fitted.Vocabulary);
        Assert.Contains("N", fitted.Vocabulary);
        var first = Read(fitted.Transformer.Transform(Rows(ml)))[0];
        Assert.Equal(3, first.Length);
        Assert.All(first, id => Assert.InRange(id, 2, fitted.Ids - 1));
        Assert.Equal(fitted.Vocabulary.ToList().IndexOf("F") + 2, first[0]);
    }

    [Fact]
    public void SavedTokenizerLoadsAndTokenizesNewText()
    {
        var ml = new MLContext(1);
        var fitted = TextTokenizer.Fit(ml, Rows(ml), ["Title", "Body"], new TokenizationOptions { SequenceLength = 4 }, "Tokens");
        string path = Path.Combine(Path.GetTempPath(), $"tokenizer-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(fitted.Transformer, Rows(ml).Schema, path);
            var loaded = new MLContext(2).Model.Load(path, out _);
            var fresh = ml.Data.LoadFromEnumerable(new[] { new Row { Title = "never seen", Body = "FREE" } });
            Assert.Equal([[1, 1, 2, 0]], Read(loaded.Transform(fresh)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingOrNonTextColumnIsNamed()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<ArgumentException>(() => TextTokenizer.Fit(ml, Rows(ml), ["Message"], new TokenizationOptions(), "Tokens"));
        Assert.Contains("'Message'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoFrequentTokenMakesEveryTokenUnknown()
    {
        var ml = new MLContext(1);
        var fitted = TextTokenizer.Fit(ml, Rows(ml), ["Title"], new TokenizationOptions { MinimumCount = 10, SequenceLength = 3 }, "Tokens");
        Assert.Empty(fitted.Vocabulary);
        Assert.Equal([1, 1, 0], Read(fitted.Transformer.Transform(Rows(ml)))[0]);
    }

    private static float[][] Read(IDataView data) =>
        data.GetColumn<VBuffer<float>>("Tokens").Select(v => v.DenseValues().ToArray()).ToArray();
}
