namespace MlNetNas.Search;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>The trial ran to the end and has a loss.</summary>
    Completed,

    /// <summary>The trial threw or produced no usable metric.</summary>
    Failed,

    /// <summary>A scheduler stopped the trial early; its loss is the last one reported, if any.</summary>
    Pruned,

    /// <summary>The time budget ran out before the trial could finish (stopped or abandoned at the deadline, or not started because it could not fit); it has no loss.</summary>
    Cancelled,
}
