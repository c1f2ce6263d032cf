using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Search;

namespace MlNetNas.Tests.Experiment;

using MlNetNas.SearchSpace;

/// <summary>Known-good starting points run right after every trainer's default, one trainer's after another's, before the tuners propose.</summary>
[Collection(TorchCollection.Name)]
public sealed class StartingPointsTests
{
    private static readonly NasTask Task = NasTask.MulticlassClassification("species");

    [Fact]
    public void Portfolio_RunsDefaults_ThenEachTrainersStartingPointsInTurn_ThenItsTuners()
    {
        ICandidateTrainer[] trainers = [new LightGbmCandidate(), new LinearCandidate(), new NasCandidate(maxEpochs: 12)];
        var portfolio = new TrainerPortfolio(
            trainers.Select(t => (t.Name, t.CreateSearchSpace(Task))).ToArray(), null, "preprocessing", "trainer",
            (space, seed) => TunerFactory.Create("random", space, seed), 1,
            trainers.OfType<IStartingPoints>().ToDictionary(t => ((ICandidateTrainer)t).Name, t => t.StartingPoints(Task)));

        var proposals = Enumerable.Range(1, 13).Select(id =>
        {
            var p = portfolio.Propose(id)!;
            portfolio.Update(new TrialObservation(id, p, 0.5, TrialStatus.Completed, TimeSpan.FromSeconds(1)));
            return p["trainer"];
        }).ToArray();

        Assert.Equal(["lightgbm", "linear", "nas", "lightgbm", "linear", "nas", "lightgbm", "linear", "nas", "lightgbm", "linear", "nas"], proposals.Take(12).Select(p => p["trainer"].AsString()));
        Assert.Equal((31, 300), (proposals[3]["leaves"].AsInt(), proposals[3]["iterations"].AsInt()));
        Assert.Equal(0.01, proposals[4]["l2"].AsDouble(), 12);
        Assert.Equal((3, "silu", 256), (proposals[5]["layers"].AsInt(), proposals[5]["activation"].AsString(), proposals[5]["width_2"].AsInt()));
        Assert.Equal(0, proposals[8]["layers"].AsInt()); // no hidden layer: a logistic model trained by the same loop
        Assert.Equal("lbfgs", proposals[10]["algorithm"].AsString());
        Assert.Equal((1, 8), (proposals[5]["ensemble_members"].AsInt(), proposals[11]["ensemble_members"].AsInt())); // the costly batch ensemble last
    }

    [Fact]
    public void AWarmStartTrial_StoredBeforeTheSpaceGainedASetting_IsTaken_WithThatSettingsDefault()
    {
        var nas = new NasCandidate(maxEpochs: 12);
        var portfolio = new TrainerPortfolio(
            [(nas.Name, nas.CreateSearchSpace(Task))], null, "preprocessing", "trainer", (space, seed) => TunerFactory.Create("random", space, seed), 1);
        var current = nas.CreateSearchSpace(Task).Default;
        // The MLP of an earlier version: no robust_scale and no embedding_bins in its settings.
        var older = Parameter.FromObject(new[] { KeyValuePair.Create("trainer", Parameter.FromString("nas")) }
            .Concat(current.Children.Where(c => c.Key is not ("robust_scale" or "embedding_bins"))));
        var stored = Parameter.FromObject([KeyValuePair.Create("trainer", older)]);

        Assert.Equal(1, portfolio.WarmStart([new TrialObservation(1, stored, 0.3, TrialStatus.Completed, TimeSpan.FromSeconds(1))]));
    }

    [Fact]
    public void StartingPoints_FitTheirTrainersSpaces_ForEveryTask()
    {
        foreach (var task in new[] { Task, NasTask.BinaryClassification("y", NasMetric.Accuracy), NasTask.Regression("y") })
        {
            foreach (ICandidateTrainer trainer in new ICandidateTrainer[] { new LightGbmCandidate(), new LinearCandidate(), new NasCandidate(), new NasCandidate(maxEnsembleMembers: 1), new NasCandidate(maxEnsembleMembers: 4) })
            {
                var space = trainer.CreateSearchSpace(task);
                foreach (var start in ((IStartingPoints)trainer).StartingPoints(task))
                {
                    var point = Parameter.FromObject(space.Default.Children.Select(c => start.TryGetValue(c.Key, out var v) ? KeyValuePair.Create(c.Key, v) : c));
                    var error = Record.Exception(() => space.MappingToFeatureSpace(point));
                    Assert.True(error is null, $"{trainer.Name} ({task.Kind}): {point.ToJson()} does not fit: {error?.Message}");
                }
            }
        }
    }

    [Fact]
    public void TheLastClassificationStart_IsTheSpacesLargestEnsemble_AndThereIsNoneWhereTheSpaceHasNone()
    {
        static int[] Members(NasCandidate candidate, NasTask task) => [.. candidate.StartingPoints(task)
            .Select(start => start.TryGetValue("ensemble_members", out var members) ? members.AsInt() : 1)];

        Assert.Equal([1, 1, 8], Members(new NasCandidate(), Task));
        Assert.Equal([1, 1, 4], Members(new NasCandidate(maxEnsembleMembers: 4), Task));
        Assert.Equal([1, 1], Members(new NasCandidate(maxEnsembleMembers: 1), Task));
        Assert.Equal([1, 1], Members(new NasCandidate(), NasTask.Regression("y")));
        var single = Assert.IsType<ChoiceOption>(new NasCandidate(maxEnsembleMembers: 1).CreateSearchSpace(Task)["ensemble_members"]);
        Assert.Equal(1, Assert.Single(single.Choices).AsInt());
        Assert.Throws<ArgumentOutOfRangeException>(() => new NasCandidate(maxEnsembleMembers: 0));
    }
}
