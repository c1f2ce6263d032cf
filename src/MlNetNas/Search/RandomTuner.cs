namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>Proposes uniform samples of the feature space; learns nothing. The same seed gives the same proposals.</summary>
public sealed class RandomTuner : ITuner
{
    private readonly SearchSpace _space;
    private readonly Random _random;

    /// <summary>Creates a random tuner over <paramref name="space"/>.</summary>
    public RandomTuner(SearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        _random = new Random(seed);
    }

    /// <inheritdoc />
    public Parameter? Propose(int trialId) => _space.Sample(_random);

    /// <inheritdoc />
    public void Update(TrialObservation observation) => ArgumentNullException.ThrowIfNull(observation);
}
