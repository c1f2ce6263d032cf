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

    // The most of the budget the reserve takes from the search.
    private const double ReserveShare = 0.2;

    /// <summary>
    /// A winning network is refitted at the end: keep about its training time free. It never takes more than a fifth of
    /// the budget from the search, and nothing when even one refit would not fit in that fifth (it would be skipped, and
    /// the reserved time lost to the search).
    /// </summary>
    public static TimeSpan Reserve(RunState run, RunSettings settings) =>
        settings.Refit && run.Incumbent.Refit is not null && run.Incumbent.Trial is { } best
            && OneSeed(run, best) <= settings.TrainingSeconds * ReserveShare
            ? TimeSpan.FromSeconds(Math.Min(OneSeed(run, best) * RefitSeeds, settings.TrainingSeconds * ReserveShare))
            : TimeSpan.Zero;

    /// <summary>
    /// Trains the winning network's settings again on all rows, with up to <see cref="RefitSeeds"/> seeds while time
    /// allows, and averages them: the seeds' errors partly cancel. The first settings.Seed is the winning trial's own. Returns
    /// how many seeds were trained (0 when the winner is not a single network). Every seed stops at the deadline; one cut
    /// before the winner's best epoch is dropped (the search's own model stays when the first is).
    /// </summary>
    public static int Run(RunState run, LabelPreparation labels, RunSettings settings)
    {
        if (run.Incumbent is not { Refit: { } winner, Trial: { } best })
        {
            return 0;
        }

        // A refit that would end past the budget (the winner ran to its time limit, or was cut inside an epoch on
        // large data) is not started: the search's own model of the trial stays.
        if (run.Clock.Elapsed.TotalSeconds + OneSeed(run, best) > run.Deadline.TotalSeconds)
        {
            return 0;
        }

        var members = new List<NetworkOnnxExport>();
        CandidateModel? first = null;
        var refitClock = Stopwatch.StartNew();
        for (int s = 0; s < RefitSeeds; s++)
        {
            double perMember = members.Count == 0 ? 0 : refitClock.Elapsed.TotalSeconds / members.Count;
            if (members.Count > 0 && run.Clock.Elapsed.TotalSeconds + perMember > run.Deadline.TotalSeconds)
            {
                break;
            }

            int memberSeed = settings.Seed + best.TrialId + (100_003 * s);
            var context = new CandidateContext(new MLContext(memberSeed), run.Task, winner.Data.Train, winner.Data.Validation, memberSeed, settings.Device, () => run.Clock.Elapsed >= run.Deadline, run.Cancellation)
            {
                Input = settings.Input,
            };
            var member = winner.Candidate.Refit(context, winner.Parameter, winner.BestEpoch, winner.PlannedEpochs);
            if (member.Epochs < winner.BestEpoch)
            {
                Incumbent.Release(member.Model); // cut by the deadline before its epoch: undertrained
                break;
            }

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

        if (members.Count == 0)
        {
            return 0;
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

    /// <summary>
    /// The expected seconds of one refit seed of <paramref name="best"/>: one of its fits (a cross-validated trial's
    /// duration holds every fold of every repeat), somewhat longer on all rows.
    /// </summary>
    private static double OneSeed(RunState run, TrialResult best) => best.Duration.TotalSeconds / run.Featurized.Length * RefitCostFactor;
}
