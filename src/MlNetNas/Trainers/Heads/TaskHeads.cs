namespace MlNetNas.Trainers.Heads;

/// <summary>The head of each task: the one place a task kind picks its behaviour.</summary>
internal static class TaskHeads
{
    private static readonly ITaskHead Multiclass = new MulticlassHead();
    private static readonly ITaskHead Binary = new BinaryHead();
    private static readonly ITaskHead Regression = new RegressionHead();

    /// <summary>The head of <paramref name="task"/>.</summary>
    public static ITaskHead For(NasTaskKind task) => task switch
    {
        NasTaskKind.MulticlassClassification => Multiclass,
        NasTaskKind.BinaryClassification => Binary,
        NasTaskKind.Regression => Regression,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };
}
