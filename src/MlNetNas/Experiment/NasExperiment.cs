using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Data;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.ParallelTrials;
using MlNetNas.Experiment.PostSearch;
using MlNetNas.Experiment.PreSearch;
using MlNetNas.Experiment.Storage;
using MlNetNas.Onnx;
using MlNetNas.Search;
using MlNetNas.Search.OneShot;
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
    /// <summary>The key of the trainer branch in a trial's parameter.</summary>
    internal const string TrainerKey = "trainer";

    /// <summary>The key of the preprocessing choices in a trial's parameter.</summary>
    internal const string PreprocessingKey = "preprocessing";

    /// <summary>The trainer name of the ensemble trial.</summary>
    internal const string EnsembleName = "nas-ensemble";

    private readonly MLContext ml;
    private DatasetPlan? dataset;
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
    private bool foldBagging;
    private IReadOnlyList<TrialResult> warmStart = [];
    private ITrialStore? store;
    private string? studyName;
    private bool resumeStudy;
    private bool sharedStudy;
    private string? studySettings;
    private string? dataFingerprint;
    private IReadOnlyList<ICandidateTrainer> candidates = CandidateTrainers.Names.Select(CandidateTrainers.Create).ToArray();
    private InputSpec? input;
    private double trialTimeFraction = 0.1;
    private OneShotOptions? oneShot;
    private double oneShotFraction = 0.5;
    private bool oneShotThenTune;
    private int parallelTrials = 1;

    internal NasExperiment(MLContext mlContext) => ml = mlContext;

    /// <summary>Trains on <paramref name="trainData"/>, holding out <paramref name="fraction"/> of it (seeded) for validation.</summary>
    public NasExperiment SetDataset(IDataView trainData, double fraction = 0.2)
    {
        if (fraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be in (0, 1).");
        }

        dataset = new DatasetPlan(trainData, null, fraction, 1);
        return this;
    }

    /// <summary>
    /// Cross-validation: every trial is trained <paramref name="folds"/> times, each time validated on a
    /// different seeded fold, and scored by the mean metric; with <paramref name="repeats"/> above 1 the rows are
    /// partitioned that many times with other seeds (repeated k-fold: repeats × folds fits per trial, a steadier mean).
    /// The best trial's model is then fitted again on all rows (<see cref="SetRefitOnAllData"/>), or its fold models
    /// are averaged (<see cref="SetFoldBagging"/>). Ensembles across trials are built only with a single validation split.
    /// </summary>
    public NasExperiment SetDataset(IDataView trainData, int folds, int repeats = 1)
    {
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds; use SetDataset(data, fraction) for a single split.");
        }

        if (repeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "Cross-validation repeats at least once.");
        }

        dataset = new DatasetPlan(trainData, null, 0.2, folds, repeats);
        return this;
    }

    /// <summary>Trains on <paramref name="trainData"/> and compares trials on <paramref name="validationData"/>.</summary>
    public NasExperiment SetDataset(IDataView trainData, IDataView validationData)
    {
        dataset = new DatasetPlan(trainData, validationData, 0.2, 1);
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
    /// hyper-parameters and the preprocessing choices; a portfolio picks which trainer runs next. "enas", "darts" and "gdas"
    /// select a one-shot search of the cell space instead (see <see cref="SetOneShotSearch"/>).
    /// </summary>
    public NasExperiment SetTuner(string name)
    {
        if (Enum.TryParse<OneShotMethod>(name, ignoreCase: true, out var method) && !int.TryParse(name, out _))
        {
            return SetOneShotSearch(new OneShotOptions { Method = method });
        }

        _ = TunerFactory.Create(name, new SearchSpace().Add("x", new ConstantOption(0)), 0); // fail fast on unknown names
        tunerFactory = (space, s) => TunerFactory.Create(name, space, s);
        oneShot = null; // a multi-trial tuner named after a one-shot one replaces it
        return this;
    }

    /// <summary>
    /// Runs a one-shot search of the cell space first ("enas", "darts" or "gdas" as <see cref="SetTuner(string)"/> names
    /// do): one supernet trains for <paramref name="budgetFraction"/> of the budget, the derived cell replaces the "cell"
    /// trainer's edge choices, and its first trial retrains that cell from scratch with the time left. Then the trials end
    /// (the time left goes to refitting the winner on all rows), or, with <paramref name="thenTune"/>, the tuners go on
    /// over the skeleton and training of that cell and the other trainers. Needs the "cell" trainer and an image input
    /// (<see cref="SetInputShape"/>). Trainers that run their defaults before "cell" (lightgbm, linear) still do.
    /// </summary>
    public NasExperiment SetOneShotSearch(OneShotOptions options, double budgetFraction = 0.5, bool thenTune = false)
    {
        options.Validate();
        if (budgetFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(budgetFraction), budgetFraction, "The supernet's share of the budget must be between 0 and 1 (the rest retrains its cell).");
        }

        oneShot = options;
        oneShotFraction = budgetFraction;
        oneShotThenTune = thenTune;
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
    /// With cross-validation (<see cref="SetDataset(IDataView, int, int)"/>): whether the winner's model is the equal-weight
    /// average of its k fold models (bagging) instead of its settings fitted again on all rows (the refit of
    /// <see cref="SetRefitOnAllData"/>). Off by default. No effect with a single validation split.
    /// </summary>
    public NasExperiment SetFoldBagging(bool enabled)
    {
        foldBagging = enabled;
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
    /// <param name="trialStore">Where the trials go.</param>
    /// <param name="study">The study's name.</param>
    /// <param name="resume">
    /// Continue the study's last run instead of starting a new one (a new one is started when the study has none): its
    /// finished trials are not run again but told to the tuners in the order they ran, so that a seeded experiment set up
    /// as before goes on with the trials it would have run next; the trials that were running when its process stopped run
    /// again; the budget is what that run had left; its best trial is trained again for its model when it stays the best.
    /// Another live process running it is refused (<see cref="InvalidOperationException"/>), and so are another seed or,
    /// when both are given, another <paramref name="dataFingerprint"/> (<see cref="InvalidDataException"/>).
    /// </param>
    /// <param name="settings">The caller's settings as JSON, kept with the run (the CLI keeps its arguments there to resume by).</param>
    /// <param name="dataFingerprint">A fingerprint of the training data (e.g. file sizes and hashes), kept with the run; resuming on other data is refused.</param>
    /// <param name="shared">
    /// Claim each trial in the store, so that other processes (<see cref="RunWorkerAsync"/>, <c>mlnet-nas worker</c>) can
    /// work on the same run: no trial runs twice, a trial whose process died runs again, and every process's tuners learn
    /// every process's results. Alone, a shared run runs the trials an unshared one would.
    /// </param>
    public NasExperiment SetStorage(ITrialStore trialStore, string study, bool resume = false, string? settings = null, string? dataFingerprint = null, bool shared = false)
    {
        ArgumentNullException.ThrowIfNull(trialStore);
        ArgumentException.ThrowIfNullOrWhiteSpace(study);
        store = trialStore;
        studyName = study;
        resumeStudy = resume;
        studySettings = settings;
        this.dataFingerprint = dataFingerprint;
        sharedStudy = shared;
        return this;
    }

    /// <summary>
    /// Runs <paramref name="trials"/> trials at once, each on its own thread with its share of the CPU cores for its
    /// networks (on a GPU, the trials share the device). The tuners propose a whole batch before any of its results is
    /// known and learn them in trial order, so a seed still fixes the trial sequence, and each trial (its own seed, its
    /// own random generator) gets the metric it would get run alone. 1, the default, runs one at a time.
    /// </summary>
    public NasExperiment SetParallelTrials(int trials)
    {
        parallelTrials = trials is >= 1 and <= 64 ? trials : throw new ArgumentOutOfRangeException(nameof(trials), trials, "Run between 1 and 64 trials at once.");
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
        Task.Factory.StartNew(() => Run(cancellationToken, worker: false).Result!, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Works on the last run of the study of <see cref="SetStorage"/> that another process started (shared): claims its
    /// trials one after another (or <see cref="SetParallelTrials"/> at once), runs them and stores their results, until this
    /// worker's time budget, the run's trial count (<see cref="SetMaxTrials"/>) or the tuners run out; its tuners learn
    /// every process's results. It writes no model: the run's own process, or a resume of the study, makes it from all the
    /// trials. Set the experiment up as the run's process did (the CLI's <c>worker</c> reads the run's command back); a
    /// run on other data or with another seed is refused. Waits up to a minute for the run to appear.
    /// </summary>
    public Task<WorkerReport> RunWorkerAsync(CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Run(cancellationToken, worker: true).Worker!, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private (NasExperimentResult? Result, WorkerReport? Worker) Run(CancellationToken cancellationToken, bool worker)
    {
        var nasTask = task ?? throw new InvalidOperationException("Call SetTask before RunAsync.");
        var plan = dataset ?? throw new InvalidOperationException("Call SetDataset before RunAsync.");
        if (pipeline is null && preprocessingFactory is null)
        {
            throw new InvalidOperationException("Call SetPipeline (a featurizer producing 'Features') or SetPreprocessingSpace before RunAsync.");
        }

        var clock = Stopwatch.StartNew();
        var labels = LabelPreparation.Create(ml, nasTask, plan.Train);
        var featurized = plan.CreateSplits(ml, labels, seed).Select(f => new FeaturizedDataCache(pipeline, preprocessingFactory, f.Train, f.Validation, seed)).ToArray();
        if (worker && store is null)
        {
            throw new InvalidOperationException("A worker needs the study it works on: call SetStorage first.");
        }

        var (storedRun, resumed) = worker ? (JoinStoredRun(nasTask, cancellationToken), null) : OpenStoredRun(nasTask);
        var run = new RunState(nasTask, featurized, clock, TimeSpan.FromSeconds(trainingSeconds), store, storedRun, cancellationToken, resumed?.Elapsed ?? TimeSpan.Zero)
        {
            Shared = worker || sharedStudy,
        };
        using var watchdog = run.Watchdog;
        using var heartbeat = storedRun is null ? null : new Timer(_ => run.Heartbeat(), null, RunOwner.HeartbeatInterval, RunOwner.HeartbeatInterval);
        if (parallelTrials > 1 && oneShot is not null)
        {
            throw new InvalidOperationException("A one-shot search trains one supernet: run it with one trial at a time (SetParallelTrials(1)).");
        }

        // Trials running at once call the monitor and the pruner from their own threads.
        var sharedMonitor = parallelTrials > 1 && monitor is not null ? new SynchronizedMonitor(monitor) : monitor;
        var sharedPruner = parallelTrials > 1 && pruner is not null ? new SynchronizedPruner(pruner) : pruner;
        var settings = new RunSettings(candidates, preprocessingSpace is not null, input, sharedPruner, sharedMonitor, seed, device, trainingSeconds, trialTimeFraction, ensembleSize > 1, refit && !(foldBagging && plan.Folds > 1))
        {
            OneShot = oneShot,
            OneShotFraction = oneShotFraction,
            KeepFolds = foldBagging && plan.Folds > 1 && !worker,
        };
        OneShotStep.Check(settings);
        if (oneShot is not null)
        {
            settings = OneShotStep.Run(run, settings, labels.ClassNames.Count);
        }

        if (worker && oneShot is not null)
        {
            throw new InvalidOperationException("A one-shot search trains one supernet in one process: it has no trials for workers.");
        }

        // A worker's tuners draw other proposals than the run's own process (whose sequence the seed fixes) and than each other.
        int tunerSeed = worker ? seed + (7_919 * Environment.ProcessId) : seed;
        var portfolio = new TrainerPortfolio(
            settings.Candidates.Select(c => (c.Name, SpaceOf(c, nasTask))).ToArray(), preprocessingSpace, PreprocessingKey, TrainerKey, tunerFactory, tunerSeed,
            settings.Candidates.OfType<IStartingPoints>().ToDictionary(c => ((ICandidateTrainer)c).Name, c => c.StartingPoints(nasTask)));
        int warmStarted = portfolio.WarmStart(warmStart.Select((t, i) =>
            new TrialObservation(-1 - i, t.Parameter, t.Metric is { } m ? nasTask.ToLoss(m) : null, t.Status, t.Duration)));

        var search = new SearchCounts { Worker = worker };
        var resumeSummary = new TrialLoop(parallelTrials, maxTrials, oneShotThenTune).Run(run, portfolio, settings, resumed, worker || sharedStudy, search) is { } summary
            ? summary with { SearchSpaceChanged = resumed!.Spec.SearchSpace is { } storedSpace && storedSpace != CreateSearchSpace().ToJson() }
            : null;
        if (worker)
        {
            heartbeat?.Dispose();
            return (null, new WorkerReport(search.Run, search.Requeued, run.Trials.Count, run.Clock.Elapsed, run.Cancelled));
        }

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
            EnsembleStep.Run(run, labels, settings);
        }

        var (baggedFolds, baggingError) = settings.KeepFolds && !run.Cancelled ? FoldBaggingStep.Run(run, labels, settings) : (0, null);
        run.Incumbent.DropFolds(); // the fold models the bag did not take (none when it was built)
        int refitted = settings.Refit && !run.Cancelled ? RefitStep.Run(run, labels, settings) : 0;
        long? classicRefitRows = settings.Refit && !run.Cancelled ? ClassicRefitStep.Run(run, labels, plan, settings) : null;
        heartbeat?.Dispose();
        if (!run.Cancelled)
        {
            run.EndStoredRun();
        }

        var best = run.Incumbent;
        return (new NasExperimentResult(best.Trial, run.Trials.OrderBy(t => t.TrialId).ToArray(), best.Model!, best.Network?.Bytes, best.ArchitectureJson, nasTask, labels.ClassNames, run.Now)
        {
            Cancelled = run.Cancelled,
            OneShot = run.OneShot,
            RefitSeeds = refitted,
            ClassicRefitRows = classicRefitRows,
            BaggedFolds = baggedFolds,
            FoldBaggingError = baggingError,
            WarmStartTrials = warmStarted,
            ValidationData = plan.RawValidation(ml, seed),
            BestEnsemble = best.Ensemble,
            Resume = resumeSummary,
        }, null);
    }

    /// <summary>The last run of the study, which a worker joins (waiting up to a minute for it to appear); its data and seed must be this experiment's.</summary>
    private StudyRun JoinStoredRun(NasTask nasTask, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        StoredRunInfo? last;
        while ((last = store!.ListStudies().Any(s => s.Name == studyName) ? store.LastRun(studyName!) : null) is null)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"The study '{studyName}' has no run to work on after a minute; start it first (e.g. mlnet-nas classification ... --storage URL --study {studyName}).");
            }

            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (store.ListStudies().First(s => s.Name == studyName) is { } info && !info.Fits(nasTask))
        {
            throw new InvalidDataException(info.Mismatch(nasTask, "the store"));
        }

        CheckSpec(last.Spec);
        return last.Run;
    }

    /// <summary>Refuses to continue or join a run of other data or another seed than this experiment's.</summary>
    private void CheckSpec(RunSpec stored)
    {
        if (stored.DataFingerprint is { } fingerprint && dataFingerprint is not null && fingerprint != dataFingerprint)
        {
            throw new InvalidDataException($"The data differ from those the study '{studyName}' was run on ({Describe(fingerprint)} then, {Describe(dataFingerprint)} now); "
                + "resuming would mix trials scored on different data: start a new study.");
        }

        if (stored != RunSpec.Unknown && stored.Seed != seed)
        {
            throw new InvalidOperationException($"The study '{studyName}' was run with seed {stored.Seed}; resume it with the same seed, or start a new study for seed {seed}.");
        }

        static string Describe(string text) => text.Length <= 120 ? text : text[..117] + "...";
    }

    /// <summary>The study's run this experiment writes to: a new one, or the stopped one it resumes (with what it had done).</summary>
    private (StudyRun? Run, ResumedRun? Resumed) OpenStoredRun(NasTask nasTask)
    {
        if (store is null)
        {
            return (null, null);
        }

        var spec = new RunSpec(studySettings, dataFingerprint, seed, trainingSeconds, parallelTrials, CreateSearchSpace().ToJson());
        if (!resumeStudy || !store.ListStudies().Any(s => s.Name == studyName) || store.LastRun(studyName!) is null)
        {
            return (store.StartRun(studyName!, nasTask, spec), null);
        }

        var resumed = store.Resume(studyName!, nasTask);
        CheckSpec(resumed.Spec);

        if (oneShot is not null && resumed.Finished.Count > 0)
        {
            throw new InvalidOperationException($"The study '{studyName}' ran a one-shot search ({oneShot.Method}); one-shot searches cannot be resumed: start a new study.");
        }

        return (resumed.Run, resumed);
    }
}
