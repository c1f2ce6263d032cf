using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>
/// The running mean of a module's weights over the epochs it is given (stochastic weight averaging): floating-point
/// entries of the state are averaged, integer buffers (batch norm's step counter) keep their latest value.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> weights = [];

    /// <summary>How many epochs are in the mean.</summary>
    public int Count { get; private set; }

    /// <summary>The mean, to load into the module.</summary>
    public Dictionary<string, Tensor> Weights => weights;

    /// <summary>Adds the module's current weights to the mean.</summary>
    public void Add(nn.Module module)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope(); // the state's wrappers and the differences; the first copies leave it
        Count++;
        foreach (var (name, value) in module.state_dict())
        {
            if (!weights.TryGetValue(name, out var mean))
            {
                weights[name] = value.detach().clone().MoveToOuterDisposeScope();
            }
            else if (value.is_floating_point())
            {
                mean.add_((value - mean).div_(Count)); // mean += (x - mean) / n
            }
            else
            {
                mean.copy_(value);
            }
        }
    }

    public void Dispose()
    {
        foreach (var tensor in weights.Values)
        {
            tensor.Dispose();
        }

        weights.Clear();
    }
}
