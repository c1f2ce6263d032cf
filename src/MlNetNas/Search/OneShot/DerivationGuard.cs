using MlNetNas.Architectures.Families;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// When a gradient-based search should stop, read off the cell it derives after each epoch (from <paramref name="minEpochs"/> on,
/// before which the logits are mostly their initial noise): as soon as the cell holds
/// more than <paramref name="maxSkipConnections"/> skip connections (DARTS+'s early stop: the architecture has started
/// to collapse into parameter-free operations), or once it has stayed the same for
/// <paramref name="patience"/> epochs (its ranking is stable; more epochs only cost time).
/// </summary>
internal sealed class DerivationGuard(int maxSkipConnections, int minEpochs, int patience)
{
    private readonly List<CellArchitecture> cells = [];

    /// <summary>Records the cell derived after <paramref name="epoch"/>; returns why the search stops now, or null to go on.</summary>
    public string? Observe(CellArchitecture cell, int epoch)
    {
        cells.Add(cell);
        if (epoch < minEpochs)
        {
            return null; // early logits are mostly their initial noise
        }

        if (cell.SkipConnections > maxSkipConnections)
        {
            return $"collapse guard: {cell.SkipConnections} skip connections at epoch {epoch}";
        }

        bool stable = patience > 0 && cells.Count > patience && cells.TakeLast(patience + 1).Distinct().Count() == 1;
        return stable ? $"derived cell unchanged for {patience} epochs at epoch {epoch}" : null;
    }
}
