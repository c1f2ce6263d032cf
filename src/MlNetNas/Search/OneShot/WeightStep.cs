using MlNetNas.Architectures.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>The shared weights' update under the supernet's current mixing: cross-entropy, backward, clipping at norm 5, step.</summary>
internal sealed class WeightStep(CellSupernet supernet, optim.Optimizer optimizer)
{
    private const double MaxGradientNorm = 5.0;

    public Tensor Run(Tensor x, Tensor y)
    {
        supernet.Module.train();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(supernet.Forward(x), y);
        loss.backward();
        nn.utils.clip_grad_norm_(supernet.Module.parameters(), MaxGradientNorm);
        optimizer.step();
        return loss.detach();
    }
}
