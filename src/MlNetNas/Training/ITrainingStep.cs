using MlNetNas.Architectures;
using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>
/// One optimization step on a batch: the ordinary supervised step (<see cref="SupervisedStep"/>) or, for
/// weight-sharing search, a step that also updates architecture parameters or samples a path.
/// </summary>
public interface ITrainingStep
{
    /// <summary>Runs the step and returns the batch's loss (detached, on the device; the caller reads it rarely).</summary>
    Tensor Run(GraphModule module, optim.Optimizer optimizer, Tensor features, Tensor targets);
}
