using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data.Text;
using Xunit;

namespace MlNetNas.Tests.Data.Text;

public sealed class TokenSequencePaddingTests
{
    private sealed class Row
    {
        public string Text { get; set; } = string.Empty;
    }

    [Fact]
    public void MlNetChainPadsAndTruncatesVariableLengthKeys()
    {
        var ml = new MLContext(1);
        var rows = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { Text = "free prize now" },
            new Row { Text = "" },
            new Row { Text = "call me now please now call" },
        });
        var chain = ml.Transforms.Text.TokenizeIntoWords("Words", "Text")
            .Append(ml.Transforms.Conversion.MapValue("KeysSingle", new[] { "now", "call", "free" }.Select((t, i) => KeyValuePair.Create(t, i + 1f)), "Words"))
            .Append(ml.Transforms.ApplyOnnxModel(["Tokens"], ["KeysSingle"], new MemoryStream(TokenSequencePadding.CreateModel("KeysSingle", "Tokens", 4))));
        var model = chain.Fit(rows);
        float[][] expected =
        [
            [4, 1, 2, 0], // free = 3 + 1, prize unknown, now = 1 + 1, padding
            [0, 0, 0, 0],
            [3, 1, 2, 1], // truncated to four
        ];
        Assert.Equal(expected, Read(model.Transform(rows)));

        var path = Path.Combine(Path.GetTempPath(), $"padding-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, rows.Schema, path);
            var loaded = new MLContext(2).Model.Load(path, out _);
            Assert.Equal(expected, Read(loaded.Transform(rows)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static float[][] Read(IDataView data) =>
        data.GetColumn<VBuffer<float>>("Tokens").Select(v => v.DenseValues().ToArray()).ToArray();
}
