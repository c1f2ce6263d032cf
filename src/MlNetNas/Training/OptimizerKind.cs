namespace MlNetNas.Training;

/// <summary>The optimizers a training run can use.</summary>
public enum OptimizerKind
{
    /// <summary>Adam with L2 weight decay added to the gradient.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>Stochastic gradient descent with momentum 0.9 (Nesterov).</summary>
    Sgd,
}
