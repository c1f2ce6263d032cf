using MlNetNas.Architectures.Families;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// ENAS's controller for the cell space: an LSTM that picks the edges' operations one after another, each choice fed
/// back as the next input, with ENAS's logit squashing (tanh constant 2.5, temperature 5).
/// </summary>
internal sealed class EnasController : nn.Module
{
    private const int Hidden = 32;
    private const double TanhConstant = 2.5;
    private const double Temperature = 5.0;
    private readonly Embedding embedding;
    private readonly LSTMCell lstm;
    private readonly Linear head;

    public EnasController()
        : base("enas_controller")
    {
        int operations = CellArchitecture.Operations.Count;
        embedding = nn.Embedding(operations + 1, Hidden); // the last row is the start token
        lstm = nn.LSTMCell(Hidden, Hidden);
        head = nn.Linear(Hidden, operations);
        RegisterComponents();
    }

    /// <summary>
    /// Samples a cell (or, with <paramref name="greedy"/>, takes each step's most likely operation); returns its
    /// operations, the summed log-probability of the choices and their summed entropy (both with gradient).
    /// </summary>
    public (int[] Path, Tensor LogProbability, Tensor Entropy) Sample(Device device, bool greedy = false)
    {
        int operations = CellArchitecture.Operations.Count;
        var path = new int[CellArchitecture.Edges.Count];
        var input = embedding.forward(tensor(new long[] { operations }, device: device));
        (Tensor H, Tensor C) state = (zeros(1, Hidden, device: device), zeros(1, Hidden, device: device));
        Tensor logProbability = zeros(1, device: device);
        Tensor entropy = zeros(1, device: device);
        for (int e = 0; e < path.Length; e++)
        {
            var next = lstm.forward(input, state);
            state = next;
            var logits = (head.forward(next.Item1) / Temperature).tanh() * TanhConstant;
            var logp = nn.functional.log_softmax(logits, 1);
            var choice = greedy ? logits.argmax(1) : logp.exp().multinomial(1).squeeze(1);
            path[e] = (int)choice.item<long>();
            logProbability = logProbability + logp[0, path[e]];
            entropy = entropy - (logp.exp() * logp).sum();
            input = embedding.forward(choice);
        }

        return (path, logProbability, entropy);
    }
}
