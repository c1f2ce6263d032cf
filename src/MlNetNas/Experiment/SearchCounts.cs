namespace MlNetNas.Experiment;

/// <summary>What this process did in a search: trials it ran, those of them taken over from dead processes.</summary>
internal sealed class SearchCounts
{
    public bool Worker { get; init; }

    public int Run { get; set; }

    public int Requeued { get; set; }
}
