using Microsoft.ML;
using MlNetNas.Experiment;
using MlNetNas.Explanations;

namespace MlNetNas.Tests.Explanations;

public sealed class PermutationFeatureImportanceTests
{
    [Fact]
    public void TheColumnTheLabelDependsOn_ComesFirst_AndANoiseColumnDropsNothing()
    {
        var ml = new MLContext(1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 600).Select(_ =>
        {
            float signal = (float)random.NextDouble(), noise = (float)random.NextDouble();
            return new Row { Signal = signal, Noise = noise, Color = random.Next(2) == 0 ? "red" : "blue", Y = (3 * signal) + (0.05f * (float)random.NextDouble()) };
        }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Categorical.OneHotEncoding("ColorVector", "Color")
            .Append(ml.Transforms.Concatenate("Features", "Signal", "Noise", "ColorVector"))
            .Append(ml.Regression.Trainers.Sdca("Y", maximumNumberOfIterations: 200))
            .Fit(data);

        var result = PermutationFeatureImportance.Compute(ml, model, data, NasTask.Regression("Y"), [], permutations: 3, seed: 1);

        Assert.Equal(["Color", "Noise", "Signal"], result.Columns.Select(c => c.Column).Order());
        Assert.Equal("Signal", result.Columns[0].Column);
        var signal = result.Columns[0];
        Assert.True(signal.Drop > 1, $"shuffling the signal should destroy R² (baseline {result.Baseline:F4}); it dropped {signal.Drop:F4}");
        Assert.All(result.Columns.Skip(1), c => Assert.InRange(c.Drop, -0.01, 0.01));
        Assert.True(result.Baseline > 0.99, $"baseline R² {result.Baseline:F4}");
        Assert.Equal(600, result.Rows);
        Assert.Empty(result.Unscored);
    }

    [Fact]
    public void TheSameSeed_GivesTheSameImportances()
    {
        var ml = new MLContext(1);
        var random = new Random(5);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ =>
        {
            float signal = (float)random.NextDouble();
            return new Row { Signal = signal, Noise = (float)random.NextDouble(), Color = "red", Y = signal + (0.5f * (float)random.NextDouble()) };
        }).ToArray());
        var model = ml.Transforms.Concatenate("Features", "Signal", "Noise").Append(ml.Regression.Trainers.LbfgsPoissonRegression("Y")).Fit(data);

        var first = PermutationFeatureImportance.Compute(ml, model, data, NasTask.Regression("Y"), [], columns: ["Signal", "Noise"], seed: 4);
        var second = PermutationFeatureImportance.Compute(ml, model, data, NasTask.Regression("Y"), [], columns: ["Signal", "Noise"], seed: 4);

        Assert.Equal(first.Columns, second.Columns);
    }

    [Fact]
    public void DataWithoutTheLabel_IsRefusedByName()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { Signal = 1, Noise = 2, Color = "red", Y = 3 } });
        var model = ml.Transforms.Concatenate("Features", "Signal").Fit(data);

        var error = Assert.Throws<ArgumentException>(() => PermutationFeatureImportance.Compute(ml, model, data, NasTask.Regression("price"), []));

        Assert.Contains("no label column 'price'", error.Message, StringComparison.Ordinal);
    }

    private sealed class Row
    {
        public float Signal { get; set; }

        public float Noise { get; set; }

        public string Color { get; set; } = string.Empty;

        public float Y { get; set; }
    }
}
