using MlNetNas.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>Forward, the task's loss, backward, gradient clipping at norm 5, and the optimizer's update.</summary>
public sealed class SupervisedStep(Func<Tensor, Tensor, Tensor> loss) : ITrainingStep
{
    private const double MaxGradientNorm = 5.0;

    /// <inheritdoc />
    public Tensor Run(GraphModule module, optim.Optimizer optimizer, Tensor features, Tensor targets)
    {
        optimizer.zero_grad();
        var value = loss(module.forward(features), targets);
        value.backward();
        nn.utils.clip_grad_norm_(module.parameters(), MaxGradientNorm);
        optimizer.step();
        return value.detach();
    }
}
