namespace MlNetNas.Training;

/// <summary>How the learning rate changes over the epochs of a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every epoch.</summary>
    Constant,

    /// <summary>Cosine annealing from the initial rate towards zero over the maximum number of epochs.</summary>
    Cosine,

    /// <summary>A linear warm-up over the first 10% of epochs, then cosine annealing.</summary>
    WarmupCosine,

    /// <summary>The initial rate for the first half of the epochs, then cosine annealing towards zero over the second half ("flat then anneal").</summary>
    FlatCosine,
}
