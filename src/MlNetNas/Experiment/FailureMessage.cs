namespace MlNetNas.Experiment;

/// <summary>The one-line message of a trial's failure, as trials.csv and the monitor show it.</summary>
internal static class FailureMessage
{
    public static string Of(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is System.Reflection.TargetInvocationException or AggregateException)
        {
            inner = inner.InnerException;
        }

        // Native TorchSharp errors carry a whole C++ stack after "Exception raised from": keep the sentence before it.
        string message = inner.Message.ReplaceLineEndings(" ");
        int native = message.IndexOf(" Exception raised from", StringComparison.Ordinal);
        if (native > 0)
        {
            message = message[..native].Trim();
        }

        return $"{inner.GetType().Name}: {(message.Length > 400 ? message[..400] + "…" : message)}";
    }
}
