using MlNetNas.Reporting;

namespace MlNetNas.Tests.Reporting;

public sealed class TestPredictionsTests
{
    [Fact]
    public void ConfusionMatrix_CountsTrueRowsAgainstPredictedColumns_AndSkipsUnlabelledRows()
    {
        var test = new TestPredictions(["a", "a", "b", "b", "b", ""], ["a", "b", "b", "b", "a", "a"], [0, 0, 0, 0, 0, 0], ["a", "b"]);

        var (classes, counts) = test.ConfusionMatrix();

        Assert.Equal(["a", "b"], classes);
        Assert.Equal(1, counts[0, 0]);
        Assert.Equal(1, counts[0, 1]);
        Assert.Equal(1, counts[1, 0]);
        Assert.Equal(2, counts[1, 1]);
    }

    [Fact]
    public void PerClass_GivesPrecisionAndRecall()
    {
        var test = new TestPredictions(["a", "a", "b", "b", "b"], ["a", "b", "b", "b", "a"], [0, 0, 0, 0, 0], ["a", "b"]);

        var b = Assert.Single(test.PerClass(), c => c.Class == "b");

        Assert.Equal(2.0 / 3, b.Precision, 12);
        Assert.Equal(2.0 / 3, b.Recall, 12);
        Assert.Equal(3, b.Support);
    }

    [Fact]
    public void Residuals_AreLabelMinusPrediction_ForNumericLabels()
    {
        var test = new TestPredictions(["3", "x", "1.5"], [], [2, 9, 2], []);

        Assert.Equal([(2.0, 1.0), (2.0, -0.5)], test.Residuals());
        Assert.False(test.IsClassification);
    }
}
