namespace MlNetNas.Experiment;

/// <summary>A trial that the time budget ended before it finished, or that was not started because it could not fit; recorded as cancelled.</summary>
public sealed class TrialTimeoutException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>How the message of a trial that was not started says so (a resumed run reads it back from the store).</summary>
    internal const string NotStartedNote = "not started:";

    /// <summary>True when the trial was not started because its estimate did not fit the time left: its trainer gets no more trials in this run.</summary>
    public bool NotStarted { get; init; }
}
