using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using Xunit;

namespace MlNetNas.Tests.Architectures;

public sealed class MlpWideInputTests
{
    [Fact]
    public void FirstLayerOfAVeryWideInputIsNarrowedToItsWeightBudget()
    {
        var options = new MlpOptions { HiddenWidths = [734, 128] };
        var wide = MlpFamily.Build(InputSpec.Vector(154_554), 22, options);
        var narrow = MlpFamily.Build(InputSpec.Vector(64), 22, options);

        Assert.Equal(MlpFamily.MaxInputWeights / 154_554, wide.Nodes.First(n => n.Operator == "linear").Attributes["units"]);
        Assert.Equal(734, narrow.Nodes.First(n => n.Operator == "linear").Attributes["units"]);
        Assert.Equal(128, wide.Nodes.Where(n => n.Operator == "linear").ElementAt(1).Attributes["units"]);
        Assert.True(wide.ParameterCount < MlpFamily.MaxInputWeights + 1_000_000);
    }
}
