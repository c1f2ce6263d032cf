using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>The hard Gumbel-softmax sample of GDAS: one operation per edge, and its straight-through gate.</summary>
internal static class GumbelSample
{
    /// <summary>
    /// Samples argmax((log softmax(logits) + Gumbel noise) / τ) on every row of <paramref name="logits"/> ([edges ×
    /// operations]); the gate of edge e is one-hot − soft.detach() + soft at the chosen operation: 1 in value, with the
    /// soft sample's gradient.
    /// </summary>
    public static (int[] Path, Tensor Gates) Hard(Tensor logits, double temperature)
    {
        using var scope = NewDisposeScope();
        var uniform = rand_like(logits).clamp(1e-10, 1 - 1e-7);
        var gumbel = -(-uniform.log()).log();
        var soft = nn.functional.softmax((nn.functional.log_softmax(logits, 1) + gumbel) / temperature, 1);
        var index = soft.argmax(1, keepdim: true);
        var hard = nn.functional.one_hot(index.squeeze(1), soft.shape[1]).to_type(soft.dtype) - soft.detach() + soft;
        var gates = hard.gather(1, index).squeeze(1);
        int[] path = index.squeeze(1).cpu().data<long>().ToArray().Select(i => (int)i).ToArray();
        return (path, gates.MoveToOuterDisposeScope());
    }
}
