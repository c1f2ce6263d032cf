using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Data;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.Storage;
using MlNetNas.Onnx;
using MlNetNas.Search;
using MlNetNas.Search.Pruning;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// An AutoML experiment in the shape of ML.NET's <c>AutoMLExperiment</c>: a dataset, a task, a budget, a
/// tuner per trainer and a monitor. Neural networks designed by the search compete with classic ML.NET trainers on the
/// same validation data; every trainer's hyper-parameters (and, when the experiment owns the featurization,
/// the preprocessing choices) live in one search space. A failing trial is recorded and the search goes on.
/// </summary>
public sealed class NasExperiment
{
    private const string TrainerKey = "trainer";
    private const string PreprocessingKey = "preprocessing";
    private const string EnsembleName = "nas-ensemble";
    private const int RefitSeeds = 3;
    private readonly MLContext ml;
    private IDataView? train;
    private IDataView? validation;
    private double validationFraction = 0.2;
    private int folds = 1;
    private NasTask? task;
    private IEstimator<ITransformer>? pipeline;
    private SearchSpace? preprocessingSpace;
    private Func<MLContext, Parameter, IEstimator<ITransformer>>? preprocessingFactory;
    private double trainingSeconds = 60;
    private int maxTrials = int.MaxValue;
    private Func<SearchSpace, int, ITuner> tunerFactory = (space, seed) => TunerFactory.Create("tpe", space, seed);
    private IMonitor? monitor;
    private IPruner? pruner;
    private int seed = 1;
    private string device = "auto";
    private int ensembleSize = 8;
    private bool refit = true;
    private IReadOnlyList<TrialResult> warmStart = [];
    private ITrialStore? store;
    private string? studyName;
    private IReadOnlyList<ICandidateTrainer> candidates = CandidateTrainers.Names.Select(CandidateTrainers.Create).ToArray();
    private InputSpec? input;
    private double trialTimeFraction = 0.1;

    internal NasExperiment(MLContext mlContext) => ml = mlContext;

    /// <summary>Trains on <paramref name="trainData"/>, holding out <paramref name="fraction"/> of it (seeded) for validation.</summary>
    public NasExperiment SetDataset(IDataView trainData, double fraction = 0.2)
    {
        if (fraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be in (0, 1).");
        }

        train = trainData;
        validation = null;
        validationFraction = fraction;
        folds = 1;
        return this;
    }

    /// <summary>
    /// Cross-validation: every trial is trained <paramref name="folds"/> times, each time validated on a
    /// different seeded fold, and scored by the mean metric. The best trial's model is the one of its best fold
    /// (a winning network is refitted on all rows). Ensembles are built only with a single validation split.
    /// </summary>
    public NasExperiment SetDataset(IDataView trainData, int folds)
    {
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds; use SetDataset(data, fraction) for a single split.");
        }

        train = trainData;
        validation = null;
        this.folds = folds;
        return this;
    }

    /// <summary>Trains on <paramref name="trainData"/> and compares trials on <paramref name="validationData"/>.</summary>
    public NasExperiment SetDataset(IDataView trainData, IDataView validationData)
    {
        train = trainData;
        validation = validationData;
        folds = 1;
        return this;
    }

    /// <summary>
    /// How networks read the "Features" vector: an image shape (e.g. <c>InputSpec.Image(1, 8, 8)</c>) whose planes the
    /// vector holds one after another, as ML.NET's <c>ExtractPixels</c> writes them. Convolutional families need it; the
    /// MLP flattens it; classic trainers see the vector. Default: a plain vector.
    /// </summary>
    public NasExperiment SetInputShape(InputSpec inputSpec)
    {
        input = inputSpec ?? throw new ArgumentNullException(nameof(inputSpec));
        return this;
    }

    /// <summary>The task, label column and metric.</summary>
    public NasExperiment SetTask(NasTask nasTask)
    {
        task = nasTask;
        return this;
    }

    /// <summary>A fixed featurizer producing the Single vector column "Features" (an existing ML.NET pipeline).</summary>
    public NasExperiment SetPipeline(IEstimator<ITransformer> featurizer)
    {
        pipeline = featurizer;
        preprocessingSpace = null;
        preprocessingFactory = null;
        return this;
    }

    /// <summary>
    /// Sweepable preprocessing of a data file's columns (<see cref="ColumnInference"/>): the choices of
    /// <see cref="PreprocessingSearchSpace.Create"/>, each point built by <see cref="FeaturePipeline.Create"/>.
    /// </summary>
    public NasExperiment SetPreprocessingSpace(DataFileSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return SetPreprocessingSpace(PreprocessingSearchSpace.Create(schema), (context, p) => FeaturePipeline.Create(context, schema, PreprocessingSearchSpace.ToOptions(p)));
    }

    /// <summary>Sweepable preprocessing: a space of choices and the featurizer each point of it builds.</summary>
    public NasExperiment SetPreprocessingSpace(SearchSpace space, Func<MLContext, Parameter, IEstimator<ITransformer>> featurizerFactory)
    {
        preprocessingSpace = space;
        preprocessingFactory = featurizerFactory;
        pipeline = null;
        return this;
    }

    /// <summary>The time budget; a running network stops after its current epoch when it runs out.</summary>
    public NasExperiment SetTrainingTimeInSeconds(double seconds)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The training time must be a positive number of seconds.");
        }

        trainingSeconds = seconds;
        return this;
    }

    /// <summary>
    /// The share of the budget that one network trial may use per fold (at least 20 s); 0.1 by default. It stops after
    /// the training step that crosses it and keeps its best epoch.
    /// </summary>
    public NasExperiment SetTrialTimeFraction(double fraction)
    {
        trialTimeFraction = fraction is > 0 and <= 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The trial time fraction must be in (0, 1].");
        return this;
    }

    /// <summary>The most trials to run.</summary>
    public NasExperiment SetMaxTrials(int trials)
    {
        maxTrials = trials > 0 ? trials : throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials must be positive.");
        return this;
    }

    /// <summary>
    /// The tuner by name (see <see cref="TunerFactory.Names"/>; "tpe" by default, "auto" for a portfolio). Each trainer gets its own tuner over its own
    /// hyper-parameters and the preprocessing choices; a portfolio picks which trainer runs next.
    /// </summary>
    public NasExperiment SetTuner(string name)
    {
        _ = TunerFactory.Create(name, new SearchSpace().Add("x", new ConstantOption(0)), 0); // fail fast on unknown names
        tunerFactory = (space, s) => TunerFactory.Create(name, space, s);
        return this;
    }

    /// <summary>A tuner per trainer, built from that trainer's space ({preprocessing, trainer}) and a seed.</summary>
    public NasExperiment SetTuner(Func<SearchSpace, int, ITuner> factory)
    {
        tunerFactory = factory;
        return this;
    }

    /// <summary>
    /// Stops unpromising networks after an epoch (see <see cref="PrunerFactory"/>); null, the default, runs every trial to
    /// its end. A pruned trial is recorded as <see cref="TrialStatus.Pruned"/> with the metric of the best weights it reached.
    /// </summary>
    public NasExperiment SetPruner(IPruner? epochPruner)
    {
        pruner = epochPruner;
        return this;
    }

    /// <summary>Observes trials.</summary>
    public NasExperiment SetMonitor(IMonitor experimentMonitor)
    {
        monitor = experimentMonitor;
        return this;
    }

    /// <summary>The seed of the trial sequence, data split and every trial's training.</summary>
    public NasExperiment SetSeed(int experimentSeed)
    {
        seed = experimentSeed;
        return this;
    }

    /// <summary>"auto", "cpu" or "cuda" for the networks.</summary>
    public NasExperiment SetDevice(string name)
    {
        device = name;
        return this;
    }

    /// <summary>
    /// Whether to finish with an ensemble of the best networks (greedy selection on validation, averaged in one
    /// ONNX model); it is kept only if it beats the best single trial. On by default.
    /// </summary>
    public NasExperiment SetEnsemble(bool enabled)
    {
        ensembleSize = enabled ? 8 : 1;
        return this;
    }

    /// <summary>
    /// Whether a winning network is trained again on the training and validation rows together (same settings,
    /// stopped at its best epoch), with up to three seeds whose outputs are averaged in one ONNX model; time for
    /// it is kept from the budget. On by default. The reported validation metric stays the search's.
    /// </summary>
    public NasExperiment SetRefitOnAllData(bool enabled)
    {
        refit = enabled;
        return this;
    }

    /// <summary>
    /// Seeds every trainer's tuner with the trials of an earlier experiment on the same task and metric (e.g. from
    /// <see cref="TrialsCsvReader"/>); trials of trainers or spaces this experiment lacks are skipped.
    /// </summary>
    public NasExperiment SetWarmStart(IEnumerable<TrialResult> previousTrials)
    {
        warmStart = previousTrials.ToArray();
        return this;
    }

    /// <summary>
    /// Appends every finished trial (completed, pruned, failed, and the ensemble) to <paramref name="trialStore"/> as soon
    /// as it finishes, as a new run of the study <paramref name="study"/>; a study holds one task kind and metric. A
    /// store that fails to write stops the experiment rather than lose trials unnoticed.
    /// </summary>
    public NasExperiment SetStorage(ITrialStore trialStore, string study)
    {
        ArgumentNullException.ThrowIfNull(trialStore);
        ArgumentException.ThrowIfNullOrWhiteSpace(study);
        store = trialStore;
        studyName = study;
        return this;
    }

    /// <summary>The competing trainers by name ("nas", "lightgbm", "fasttree", "linear").</summary>
    public NasExperiment SetTrainers(params string[] names)
    {
        if (names.Length == 0)
        {
            throw new ArgumentException($"Name at least one trainer: {string.Join(", ", CandidateTrainers.Names)}.", nameof(names));
        }

        candidates = names.Select(CandidateTrainers.Create).ToArray();
        return this;
    }

    /// <summary>The competing trainers.</summary>
    public NasExperiment SetTrainers(IEnumerable<ICandidateTrainer> trainers)
    {
        candidates = trainers.ToArray();
        return this;
    }

    /// <summary>The whole search space: the preprocessing choices (if any) and one branch per trainer.</summary>
    public SearchSpace CreateSearchSpace()
    {
        var nasTask = task ?? throw new InvalidOperationException("Call SetTask before building the search space.");
        var space = new SearchSpace();
        if (preprocessingSpace is not null)
        {
            space.Add(PreprocessingKey, preprocessingSpace);
        }

        var branches = candidates.ToDictionary(c => c.Name, c => SpaceOf(c, nasTask));
        return space.Add(TrainerKey, new ConditionalOption(TrainerKey, branches));
    }

    private SearchSpace SpaceOf(ICandidateTrainer candidate, NasTask nasTask) =>
        candidate is NasCandidate network ? network.CreateSearchSpace(nasTask, input) : candidate.CreateSearchSpace(nasTask);

    /// <summary>Runs trials until the budget or <paramref name="cancellationToken"/> ends them; returns the best trial so far.</summary>
    public Task<NasExperimentResult> RunAsync(CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private NasExperimentResult Run(CancellationToken cancellationToken)
    {
        var nasTask = task ?? throw new InvalidOperationException("Call SetTask before RunAsync.");
        var trainData = train ?? throw new InvalidOperationException("Call SetDataset before RunAsync.");
        if (pipeline is null && preprocessingFactory is null)
        {
            throw new InvalidOperationException("Call SetPipeline (a featurizer producing 'Features') or SetPreprocessingSpace before RunAsync.");
        }

        var clock = Stopwatch.StartNew();
        var labels = LabelPreparation.Create(ml, nasTask, trainData);
        var featurized = CreateSplits(trainData, labels).Select(f => new FeaturizedDataCache(pipeline, preprocessingFactory, f.Train, f.Validation)).ToArray();
        var portfolio = new TrainerPortfolio(
            candidates.Select(c => (c.Name, SpaceOf(c, nasTask))).ToArray(), preprocessingSpace, PreprocessingKey, TrainerKey, tunerFactory, seed);
        int warmStarted = portfolio.WarmStart(warmStart.Select((t, i) =>
            new TrialObservation(-1 - i, t.Parameter, t.Metric is { } m ? nasTask.ToLoss(m) : null, t.Status, t.Duration)));
        var run = new RunState(nasTask, featurized, clock, TimeSpan.FromSeconds(trainingSeconds), store?.StartRun(studyName!, nasTask), cancellationToken);

        Search(run, portfolio);
        if (run.Incumbent.Trial is null)
        {
            if (run.Cancelled)
            {
                throw new OperationCanceledException("The experiment was cancelled before any trial completed.", cancellationToken);
            }

            string errors = string.Join("; ", run.Trials.Select(t => $"trial {t.TrialId} ({t.Trainer}): {t.Error}").Take(3));
            throw new InvalidOperationException(run.Trials.Count == 0
                ? $"No trial ran within {trainingSeconds} s; give the experiment more time."
                : $"No trial completed. First errors: {errors}");
        }

        if (ensembleSize > 1 && !run.Cancelled)
        {
            TryEnsemble(run, labels);
        }

        int refitted = refit && !run.Cancelled ? RefitWinner(run, labels) : 0;
        var best = run.Incumbent;
        return new NasExperimentResult(best.Trial, run.Trials, best.Model!, best.Network?.Bytes, best.ArchitectureJson, nasTask, labels.ClassNames, clock.Elapsed)
        {
            Cancelled = run.Cancelled,
            RefitSeeds = refitted,
            WarmStartTrials = warmStarted,
        };
    }

    private List<(IDataView Train, IDataView Validation)> CreateSplits(IDataView trainData, LabelPreparation labels)
    {
        if (folds > 1)
        {
            return ml.Data.CrossValidationSplit(trainData, folds, seed: seed).Select(f => (labels.Transform(f.TrainSet), labels.Transform(f.TestSet))).ToList();
        }

        if (validation is null)
        {
            var split = ml.Data.TrainTestSplit(trainData, validationFraction, seed: seed);
            return [(labels.Transform(split.TrainSet), labels.Transform(split.TestSet))];
        }

        return [(labels.Transform(trainData), labels.Transform(validation))];
    }

    /// <summary>The trial loop: proposes, runs and records trials until the budget, the trial count or the tuners run out.</summary>
    private void Search(RunState run, TrainerPortfolio portfolio)
    {
        for (int trialId = 1; trialId <= maxTrials && run.Clock.Elapsed + RefitReserve(run) < run.Deadline; trialId++)
        {
            if (run.Cancellation.IsCancellationRequested)
            {
                run.Cancelled = true;
                return;
            }

            var parameter = portfolio.Propose(trialId);
            if (parameter is null)
            {
                return;
            }

            string trainerName = parameter[TrainerKey][TrainerKey].AsString();
            monitor?.ReportRunningTrial(trialId, trainerName, parameter);
            var trialClock = Stopwatch.StartNew();
            TrialResult result;
            try
            {
                result = RunTrial(run, trialId, trainerName, parameter, trialClock);
            }
            catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
            {
                run.Cancelled = true;
                return;
            }
            catch (Exception e)
            {
                result = new TrialResult(trialId, trainerName, parameter, TrialStatus.Failed, null, trialClock.Elapsed, Describe(e));
                monitor?.ReportFailedTrial(result);
            }

            Record(run, result);
            portfolio.Update(new TrialObservation(trialId, parameter, result.Metric is { } m ? run.Task.ToLoss(m) : null, result.Status, result.Duration));
        }
    }

    /// <summary>
    /// A winning network is refitted at the end: keep about its training time free. It never takes more than a fifth of
    /// the budget from the search.
    /// </summary>
    private TimeSpan RefitReserve(RunState run) => refit && run.Incumbent.Refit is not null && run.Incumbent.Trial is { } best
        ? TimeSpan.FromSeconds(Math.Min(best.Duration.TotalSeconds * 1.25 * RefitSeeds, trainingSeconds / 5))
        : TimeSpan.Zero;

    /// <summary>Trains one trial on every fold, scores it by the mean metric and offers it to the incumbent.</summary>
    private TrialResult RunTrial(RunState run, int trialId, string trainerName, Parameter parameter, Stopwatch trialClock)
    {
        var nasTask = run.Task;
        var trainerParameter = parameter[TrainerKey];
        var candidate = candidates.First(c => c.Name == trainerName);
        var trialMl = new MLContext(seed + trialId);
        var preprocessing = preprocessingSpace is null ? null : parameter[PreprocessingKey];
        // One network may use at most a share of the budget (a tenth by default, at least 20 s) per fold: it stops after the step that crosses it.
        var trialLimit = TimeSpan.FromSeconds(Math.Max(20, trainingSeconds * trialTimeFraction));
        FeaturizedData? data = null;
        CandidateModel? fitted = null;
        IDataView? scored = null;
        double bestFold = double.PositiveInfinity;
        var foldMetrics = new List<double>();
        bool pruned = false;
        try
        {
            for (int f = 0; f < run.Featurized.Length; f++)
            {
                var foldData = run.Featurized[f].Get(trialMl, preprocessing);
                var foldLimit = trialLimit * (f + 1);
                var context = new CandidateContext(trialMl, nasTask, foldData.Train, foldData.Validation, seed + trialId, device,
                    () => run.Clock.Elapsed >= run.Deadline || trialClock.Elapsed >= foldLimit, run.Cancellation)
                {
                    TrialId = trialId,
                    Input = input,

                    // A pruner compares one learning curve per trial: with cross-validation, folds would mix theirs.
                    Pruner = run.Featurized.Length == 1 ? pruner : null,
                };
                var foldFitted = candidate.Fit(context, trainerParameter);
                pruned |= foldFitted.Pruned;
                var foldScored = foldFitted.Model.Transform(foldData.Validation);
                double foldMetric = MetricEvaluator.Evaluate(trialMl, nasTask, foldScored);
                foldMetrics.Add(foldMetric);
                if (nasTask.ToLoss(foldMetric) < bestFold)
                {
                    Incumbent.Release(fitted?.Model);
                    (bestFold, data, fitted, scored) = (nasTask.ToLoss(foldMetric), foldData, foldFitted, foldScored);
                }
                else
                {
                    Incumbent.Release(foldFitted.Model);
                }
            }
        }
        catch
        {
            Incumbent.Release(fitted?.Model);
            throw;
        }

        double metric = foldMetrics.Average();
        var result = new TrialResult(trialId, trainerName, parameter, pruned ? TrialStatus.Pruned : TrialStatus.Completed, metric, trialClock.Elapsed, null, fitted!.Architecture, fitted.Epochs);
        if (fitted.Network is { } network && !pruned && ensembleSize > 1 && run.Featurized.Length == 1)
        {
            run.Ensembles.Add(trialId, preprocessing?.ToJson() ?? string.Empty, data!, network, scored!, nasTask.ToLoss(metric));
        }

        var refitPlan = candidate is NasCandidate nasCandidate && fitted.BestEpoch is { } epoch ? new RefitPlan(nasCandidate, trainerParameter, data!, epoch) : null;
        bool isBest = run.Incumbent.Offer(result, data!.Featurizer, fitted.Model, fitted.Network, fitted.ArchitectureJson, refitPlan);
        monitor?.ReportCompletedTrial(result);
        if (isBest)
        {
            monitor?.ReportBestTrial(result);
        }

        return result;
    }

    /// <summary>
    /// Greedy ensemble selection over the completed networks; the ensemble is scored like any trial, with the task's
    /// metric on the same validation data, and kept only if it beats the best trial.
    /// </summary>
    private void TryEnsemble(RunState run, LabelPreparation labels)
    {
        if (run.Ensembles.Select() is not { } ensemble)
        {
            return;
        }

        int trialId = run.Trials.Count + 1;
        var clockOfEnsemble = Stopwatch.StartNew();
        var parameter = Parameter.FromObject([
            KeyValuePair.Create(TrainerKey, Parameter.FromObject([KeyValuePair.Create(TrainerKey, Parameter.FromString(EnsembleName))])),
            KeyValuePair.Create("members", Parameter.FromString(string.Join(",", ensemble.TrialIds))),
        ]);
        monitor?.ReportRunningTrial(trialId, EnsembleName, parameter);
        TrialResult result;
        try
        {
            var trialMl = new MLContext(seed + trialId);
            var model = DeployableModelBuilder.Build(trialMl, ensemble.Export, run.Task.Kind, ensemble.Data.Validation, labels.ClassNames);
            double metric = MetricEvaluator.Evaluate(trialMl, run.Task, model.Transform(ensemble.Data.Validation));
            result = new TrialResult(trialId, EnsembleName, parameter, TrialStatus.Completed, metric, clockOfEnsemble.Elapsed, null,
                $"mean of the networks of trials {string.Join(", ", ensemble.TrialIds)}");
            bool isBest = run.Incumbent.Offer(result, ensemble.Data.Featurizer, model, ensemble.Export, architectureJson: null, refit: null);
            monitor?.ReportCompletedTrial(result);
            if (isBest)
            {
                monitor?.ReportBestTrial(result);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = new TrialResult(trialId, EnsembleName, parameter, TrialStatus.Failed, null, clockOfEnsemble.Elapsed, Describe(e));
            monitor?.ReportFailedTrial(result);
        }

        Record(run, result);
    }

    /// <summary>
    /// Trains the winning network's settings again on all rows, with up to <see cref="RefitSeeds"/> seeds while time
    /// allows, and averages them: the seeds' errors partly cancel. The first seed is the winning trial's own. Returns
    /// how many seeds were trained (0 when the winner is not a single network).
    /// </summary>
    private int RefitWinner(RunState run, LabelPreparation labels)
    {
        if (run.Incumbent is not { Refit: { } winner, Trial: { } best })
        {
            return 0;
        }

        // A refit that would end well past the budget (the winner ran to its time limit, or was cut inside an epoch on
        // large data) is not started: the search's own model of the trial stays.
        if (run.Clock.Elapsed.TotalSeconds + (best.Duration.TotalSeconds * 1.25) > run.Deadline.TotalSeconds * 1.1)
        {
            return 0;
        }

        var members = new List<NetworkOnnxExport>();
        CandidateModel? first = null;
        var refitClock = Stopwatch.StartNew();
        for (int s = 0; s < RefitSeeds; s++)
        {
            double perMember = members.Count == 0 ? 0 : refitClock.Elapsed.TotalSeconds / members.Count;
            if (members.Count > 0 && run.Clock.Elapsed.TotalSeconds + perMember > run.Deadline.TotalSeconds * 1.05)
            {
                break;
            }

            int memberSeed = seed + best.TrialId + (100_003 * s);
            var context = new CandidateContext(new MLContext(memberSeed), run.Task, winner.Data.Train, winner.Data.Validation, memberSeed, device, () => false, run.Cancellation)
            {
                Input = input,
            };
            var member = winner.Candidate.Refit(context, winner.Parameter, winner.BestEpoch);
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
            var model = DeployableModelBuilder.Build(new MLContext(seed + best.TrialId), average, run.Task.Kind, winner.Data.Validation, labels.ClassNames);
            run.Incumbent.ReplaceModel(winner.Data.Featurizer, model, average);
        }

        return members.Count;
    }

    private void Record(RunState run, TrialResult result)
    {
        run.Trials.Add(result);
        if (run.StoredRun is not null)
        {
            store!.Append(run.StoredRun, result);
        }
    }

    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is System.Reflection.TargetInvocationException or AggregateException)
        {
            inner = inner.InnerException;
        }

        // Native TorchSharp errors carry a whole C++ stack after "Exception raised from": keep the sentence before it.
        string message = inner.Message.ReplaceLineEndings(" ");
        int native = message.IndexOf(" Exception raised from", StringComparison.Ordinal);
        if (native > 0)
        {
            message = message[..native].Trim();
        }

        return $"{inner.GetType().Name}: {(message.Length > 400 ? message[..400] + "…" : message)}";
    }

    /// <summary>The state of one run: its data, clocks, trials, ensemble candidates and best trial so far.</summary>
    private sealed class RunState(NasTask task, FeaturizedDataCache[] featurized, Stopwatch clock, TimeSpan deadline, StudyRun? storedRun, CancellationToken cancellation)
    {
        public NasTask Task { get; } = task;

        public FeaturizedDataCache[] Featurized { get; } = featurized;

        public Stopwatch Clock { get; } = clock;

        public TimeSpan Deadline { get; } = deadline;

        public StudyRun? StoredRun { get; } = storedRun;

        public CancellationToken Cancellation { get; } = cancellation;

        public List<TrialResult> Trials { get; } = [];

        public EnsembleSelection Ensembles { get; } = new(task);

        public Incumbent Incumbent { get; } = new(task);

        public bool Cancelled { get; set; }
    }
}
