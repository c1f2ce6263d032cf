namespace MlNetNas.Tests.Search;

using MlNetNas.Search;
using MlNetNas.SearchSpace;
using MlNetNas.Tests.SearchSpace;
using Xunit;

public sealed class RandomTunerTests
{
    private static List<Parameter> Proposals(ITuner tuner, int count) =>
        Enumerable.Range(0, count).Select(i => tuner.Propose(i)!).ToList();

    [Fact]
    public void Propose_SameSeed_SameSequence()
    {
        var space = SearchSpaceTests.RichSpace();

        Assert.Equal(Proposals(new RandomTuner(space, 11), 20), Proposals(new RandomTuner(space, 11), 20));
    }

    [Fact]
    public void Propose_DifferentSeed_DifferentSequence()
    {
        var space = SearchSpaceTests.RichSpace();

        Assert.NotEqual(Proposals(new RandomTuner(space, 11), 20), Proposals(new RandomTuner(space, 12), 20));
    }

    [Fact]
    public void Propose_ValuesAreEncodableByTheSpace()
    {
        var space = SearchSpaceTests.RichSpace();
        var tuner = new RandomTuner(space, 1);

        foreach (var p in Proposals(tuner, 100))
        {
            Assert.Equal(p, space.SampleFromFeatureSpace(space.MappingToFeatureSpace(p)));
            tuner.Update(new TrialObservation(0, p, 1.0, TrialStatus.Completed, TimeSpan.FromSeconds(1)));
        }
    }
}
