using MlNetNas.SearchSpace;

namespace MlNetNas.Search;

/// <summary>Ask/tell: the experiment asks for a proposal, runs it, and tells the tuner the result.</summary>
public interface ITuner
{
    /// <summary>The parameter to try as trial <paramref name="trialId"/>; null when there is nothing more to propose.</summary>
    Parameter? Propose(int trialId);

    /// <summary>Learns from a finished trial.</summary>
    void Update(TrialObservation observation);
}
