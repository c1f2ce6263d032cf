using MlNetNas.Search;

namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>
/// Runs tuners on the NAS-Bench-201 cell with an <see cref="IArchitectureOracle"/> as the only source of results: each
/// trial's loss is minus the 12-epoch validation accuracy, and a run selects its best-validated architecture.
/// </summary>
public sealed class NasBench201Search
{
    private readonly IArchitectureOracle _oracle;

    /// <summary>Creates a search that learns only what <paramref name="oracle"/> says.</summary>
    public NasBench201Search(IArchitectureOracle oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        _oracle = oracle;
    }

    /// <summary>One run: <paramref name="trials"/> trials of tuner <paramref name="tunerName"/> (see <see cref="TunerFactory"/>) seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">Unknown tuner name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> is below 1.</exception>
    public NasBench201Selection Run(string tunerName, int seed, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var tuner = TunerFactory.Create(tunerName, NasBench201Space.Create(), seed);
        string? best = null;
        var bestAccuracy = double.NegativeInfinity;
        var made = 0;
        for (var id = 0; id < trials; id++)
        {
            var parameter = tuner.Propose(id);
            if (parameter is null)
            {
                break;
            }

            var architecture = NasBench201Space.ToArchitectureString(parameter);
            var accuracy = _oracle.ValidationAccuracy(architecture);
            tuner.Update(new TrialObservation(id, parameter, -accuracy, TrialStatus.Completed, TimeSpan.Zero));
            made++;
            if (accuracy > bestAccuracy)
            {
                best = architecture;
                bestAccuracy = accuracy;
            }
        }

        return best is null
            ? throw new InvalidOperationException($"Tuner '{tunerName}' proposed nothing.")
            : new NasBench201Selection(tunerName, seed, best, bestAccuracy, made);
    }

    /// <summary>
    /// Runs every tuner for seeds <paramref name="firstSeed"/> .. <paramref name="firstSeed"/> + <paramref name="seeds"/> - 1,
    /// seeds in parallel (each run is independent, so the result does not depend on the parallelism). Ordered by tuner, then seed.
    /// </summary>
    public IReadOnlyList<NasBench201Selection> RunAll(IReadOnlyList<string> tunerNames, int firstSeed, int seeds, int trials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tunerNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        var results = new List<NasBench201Selection>();
        foreach (var name in tunerNames)
        {
            var runs = new NasBench201Selection[seeds];
            Parallel.For(0, seeds, new ParallelOptions { CancellationToken = cancellationToken }, i => runs[i] = Run(name, firstSeed + i, trials));
            results.AddRange(runs);
        }

        return results;
    }
}
