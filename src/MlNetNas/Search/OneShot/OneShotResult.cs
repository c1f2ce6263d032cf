using MlNetNas.Architectures.Families;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// What a one-shot search found: the derived cell, the supernet's estimate of it (validation accuracy of that path
/// with the shared weights, before any retraining), its cost, and the cell it derived after every epoch.
/// </summary>
public sealed record OneShotResult(
    OneShotMethod Method,
    CellArchitecture Cell,
    double SupernetAccuracy,
    TimeSpan Duration,
    int Epochs,
    int PlannedEpochs,
    string StopReason,
    IReadOnlyList<CellArchitecture> EpochCells,
    long PeakResidentBytes);
