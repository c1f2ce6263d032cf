using System.Diagnostics;
using Microsoft.ML;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Onnx;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment.PostSearch;

using MlNetNas.SearchSpace;

/// <summary>After the search: a winning single network trained again on all rows with up to <see cref="RefitSeeds"/> seeds, averaged in one ONNX model.</summary>
internal static class RefitStep
{
    /// <summary>The most seeds a refit trains.</summary>
    public const int RefitSeeds = 3;

    // A refit on all rows (a quarter more than the search's 80%) takes about this many times the winning trial's time.
    private const double RefitCostFactor = 1.25;

    // How far past the deadline a refit may end (10%), and where later seeds stop being started (5%).
    private const double FirstSeedOverrun = 1.1;
    private const double LaterSeedOverrun = 1.05;

    // The most of the budget the reserve takes from the search.
    private const double ReserveShare = 0.2;

    /// <summary>
    /// A winning network is refitted at the end: keep about its training time free. It never takes more than a fifth of
    /// the budget from the search, and nothing when even one refit would not fit in that fifth and the 10% overrun
    /// <see cref="Run"/> allows (it would be skipped, and the reserved time lost to the search).
    /// </summary>
    public static TimeSpan Reserve(RunState run, RunSettings settings) =>
        settings.Refit && run.Incumbent.Refit is not null && run.Incumbent.Trial is { } best
            && OneSeed(best) <= settings.TrainingSeconds * (ReserveShare + (FirstSeedOverrun - 1))
            ? TimeSpan.FromSeconds(Math.Min(OneSeed(best) * RefitSeeds, settings.TrainingSeconds * ReserveShare))
            : TimeSpan.Zero;

    /// <summary>
    /// Trains the winning network's settings again on all rows, with up to <see cref="RefitSeeds"/> seeds while time
    /// allows, and averages them: the seeds' errors partly cancel. The first settings.Seed is the winning trial's own. Returns
    /// how many seeds were trained (0 when the winner is not a single network).
    /// </summary>
    public static int Run(RunState run, LabelPreparation labels, RunSettings settings)
    {
        if (run.Incumbent is not { Refit: { } winner, Trial: { } best })
        {
            return 0;
        }

        // A refit that would end well past the budget (the winner ran to its time limit, or was cut inside an epoch on
        // large data) is not started: the search's own model of the trial stays.
        if (run.Clock.Elapsed.TotalSeconds + OneSeed(best) > run.Deadline.TotalSeconds * FirstSeedOverrun)
        {
            return 0;
        }

        var members = new List<NetworkOnnxExport>();
        CandidateModel? first = null;
        var refitClock = Stopwatch.StartNew();
        for (int s = 0; s < RefitSeeds; s++)
        {
            double perMember = members.Count == 0 ? 0 : refitClock.Elapsed.TotalSeconds / members.Count;
            if (members.Count > 0 && run.Clock.Elapsed.TotalSeconds + perMember > run.Deadline.TotalSeconds * LaterSeedOverrun)
            {
                break;
            }

            int memberSeed = settings.Seed + best.TrialId + (100_003 * s);
            var context = new CandidateContext(new MLContext(memberSeed), run.Task, winner.Data.Train, winner.Data.Validation, memberSeed, settings.Device, () => false, run.Cancellation)
            {
                Input = settings.Input,
            };
            var member = winner.Candidate.Refit(context, winner.Parameter, winner.BestEpoch, winner.PlannedEpochs);
            if (first is null)
            {
                first = member;
            }
            else
            {
                Incumbent.Release(member.Model);
            }

            members.Add(member.Network!);
        }

        if (members.Count == 1)
        {
            run.Incumbent.ReplaceModel(winner.Data.Featurizer, first!.Model, members[0]);
        }
        else
        {
            Incumbent.Release(first!.Model);
            var average = OnnxEnsembleBuilder.Average(members, members.Select(_ => 1.0).ToArray());
            var model = DeployableModelBuilder.Build(new MLContext(settings.Seed + best.TrialId), average, run.Task.Kind, winner.Data.Validation, labels.ClassNames);
            run.Incumbent.ReplaceModel(winner.Data.Featurizer, model, average);
        }

        return members.Count;
    }

    /// <summary>The expected seconds of one refit seed of <paramref name="best"/>.</summary>
    private static double OneSeed(TrialResult best) => best.Duration.TotalSeconds * RefitCostFactor;
}
