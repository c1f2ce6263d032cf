using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlNetNas.Cli.Output;
using MlNetNas.Cli.Sources;
using MlNetNas.Data;
using MlNetNas.Data.Images;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;
using MlNetNas.Experiment.Storage;
using MlNetNas.Reporting;
using MlNetNas.Search;
using MlNetNas.Search.Pruning;
using MlNetNas.Training;
using Spectre.Console;

namespace MlNetNas.Cli.Commands;

/// <summary>
/// The <c>classification</c>, <c>regression</c> and <c>image-classification</c> commands: a data file in, a
/// deployable model out. Image classification reads a CSV of pixel columns (<c>--image-shape</c>) and lets
/// convolutional cells compete with the MLP and the classic trainers on the same pixels.
/// </summary>
internal sealed class TrainCommand
{
    private readonly Option<string> dataset = new("--dataset") { Description = "Training data file (CSV/TSV).", Required = true };
    private readonly Option<string?> validationDataset = new("--validation-dataset") { Description = "Validation data file; default: 20% of --dataset." };
    private readonly Option<int?> cvFolds = new("--cv-folds") { Description = "Cross-validate every trial on N seeded folds of --dataset; 1: one 20% split. Default: 5 folds for a file of fewer than 2,000 rows (tabular and text), else one split." };
    private readonly Option<int?> cvRepeats = new("--cv-repeats") { Description = "With cross-validation, partition the rows this many times with other seeds (repeated k-fold: repeats × folds fits per trial). Default: 2 where a file of fewer than 1,000 rows is cross-validated by default, else 1." };
    private readonly Option<string> cvModel = new("--cv-model") { Description = "With cross-validation, the winner's model: refit (its settings trained again on all rows) or bag (its fold models averaged, each with its fold's featurizer).", DefaultValueFactory = _ => "refit" };
    private readonly Option<string?> warmStart = new("--warm-start") { Description = "Earlier trials (same task and metric) to seed the tuners with: a trials.csv, or a trial store: sqlite:PATH (the --study) or sqlite:PATH#STUDY." };
    private readonly Option<string?> storage = new("--storage") { Description = "Trial store that every trial is written to as it starts and finishes, to resume the run by (mlnet-nas resume): sqlite:PATH (created if missing); default: sqlite:OUTPUT/study.db." };
    private readonly Option<bool> resume = new("--resume") { Description = "Continue the study's last run (mlnet-nas resume sets it).", Hidden = true };
    private readonly Option<bool> worker = new("--worker") { Description = "Work on the study's last run (mlnet-nas worker sets it).", Hidden = true };
    private readonly Option<bool> shared = new("--shared") { Description = "Let other processes work on this run (mlnet-nas worker --storage URL --study NAME): trials are claimed in the store. A postgres:// study is always shared." };
    private readonly Option<string?> study = new("--study") { Description = "Study of --storage and of a sqlite --warm-start; default: DATASET-TASK-METRIC, e.g. iris-classification-accuracy for iris.csv." };
    private readonly Option<string?> testDataset = new("--test-dataset") { Description = "Test data file, scored once after the search." };
    private readonly Option<string?> labelColumn = new("--label-col") { Description = "Label column: header name or 0-based index." };
    private readonly Option<string?> ignoreColumns = new("--ignore-cols") { Description = "Comma-separated columns (names or indices) to ignore." };
    private readonly Option<bool?> hasHeader = new("--has-header") { Description = "Whether the first row is a header; default: detected." };
    private readonly Option<string?> separator = new("--separator") { Description = "Column separator (',', ';', '|', 'tab'); default: detected." };
    private readonly Option<string?> decimalSeparator = new("--decimal-separator") { Description = "Decimal marker of numbers: '.' or ','; default: detected (a decimal comma when cells are not separated by commas and more columns read as numbers with it)." };
    private readonly Option<double> trainTime = new("--train-time") { Description = "Search budget in seconds.", DefaultValueFactory = _ => 60 };
    private readonly Option<int?> maxTrials = new("--max-trials") { Description = "The most trials to run." };
    private readonly Option<int> parallelTrials = new("--parallel-trials") { Description = "Trials to run at once in this process, each with its share of the CPU cores (on a GPU, sharing the device); the seed still fixes the trial sequence.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> tuner = new("--tuner") { Description = $"Search strategy per trainer: {string.Join(", ", TunerFactory.Names)} (default tpe; auto: a portfolio of tpe, evolution, local-search and random); portfolio:NAME+NAME runs several in turns, progressive:NAME grows the space around tuner NAME. image-classification also takes the one-shot searches {string.Join(", ", OneShotNames)}: one weight-sharing supernet of the cell space trains for half the budget and its cell is retrained with the rest.", DefaultValueFactory = _ => "tpe" };
    private readonly Option<string> pruner = new("--pruner") { Description = "Early stopping of unpromising networks after an epoch: none, median (median stopping rule), asha (asynchronous successive halving) or hyperband (ASHA brackets of several first rungs).", DefaultValueFactory = _ => "none" };
    private readonly Option<string> trainers = new("--trainers") { Description = $"Competing trainers: {string.Join(",", CandidateTrainers.Names)}.", DefaultValueFactory = _ => string.Join(",", CandidateTrainers.Names) };
    private readonly Option<int> seed = new("--seed") { Description = "Seed of the trial sequence and of every trial.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> device = new("--device") { Description = "auto | cpu | cuda.", DefaultValueFactory = _ => "auto" };
    private readonly Option<bool> tf32 = new("--tf32") { Description = "Allow TensorFloat-32 matmuls and convolutions on CUDA (faster on Ampere and later GPUs, products rounded to a 10-bit mantissa); without it libtorch's defaults stand. No effect on the CPU." };
    private readonly Option<string> metric = new("--metric") { Description = "Metric to optimize (classification: accuracy, macro-accuracy, log-loss, auc (two classes); regression: r2, rmse, mae)." };
    private readonly Option<string> output = new("--output") { Description = "Output folder for model.zip, model.onnx (a network winner, on featurized rows), pipeline.onnx (raw columns in, when the winner exports), best.json, trials.csv and report.html.", DefaultValueFactory = _ => "out" };
    private readonly Option<string?> imageShape = new("--image-shape") { Description = "Shape of the images held in the pixel columns: HxW (grey) or CxHxW, planes one after another, e.g. 8x8 or 3x32x32." };
    private readonly Option<string> space = new("--space") { Description = "Convolutional search space: cell (NAS-Bench-201 cells), mobile (inverted-residual blocks) or auto (both compete).", DefaultValueFactory = _ => "auto" };
    private readonly Option<int?> imageSize = new("--image-size") { Description = "Side in pixels that pictures of an image folder are resized to; default: detected (the largest side, at most 32)." };
    private readonly Option<string[]> textColumns = new("--text-col") { Description = "Columns to read as free text (names or 0-based indices; repeat the option or separate with commas); default: detected. Text columns get the searched text encoders (trainer text) besides FeaturizeText's n-grams for the other trainers.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> cell = new("--cell") { Description = "Keep this NAS-Bench-201 cell (e.g. \"|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|\") and search only the skeleton and training." };
    private readonly DataTask task;
    private readonly bool images;
    private readonly bool text;
    private readonly CliConsole console;
    private readonly IReadOnlyList<string> commandLine;

    public TrainCommand(DataTask task, CliConsole console, IReadOnlyList<string> commandLine, bool images = false, bool text = false)
    {
        this.task = task;
        this.console = console;
        this.commandLine = commandLine;
        this.images = images;
        this.text = text;
        if (text)
        {
            trainers.DefaultValueFactory = _ => string.Join(",", TextTrainerDefaults);
            trainers.Description = $"Competing trainers: {string.Join(",", TabularTrainerNames)} (text: searched text encoders on token ids; the others read FeaturizeText's word and character n-grams).";
        }
        else if (!images)
        {
            trainers.Description = $"Competing trainers: {string.Join(",", TabularTrainerNames)} (text, added when the file has a text column: searched text encoders).";
        }

        if (images)
        {
            trainers.DefaultValueFactory = _ => string.Join(",", ImageTrainerNames);
            trainers.Description = $"Competing trainers: {string.Join(",", ImageTrainerNames)} (cell: NAS-Bench-201 cells; mobile: inverted-residual blocks; nas: the MLP on the pixels).";
        }
    }

    private static IReadOnlyList<string> OneShotNames => Enum.GetNames<MlNetNas.Search.OneShot.OneShotMethod>().Select(n => n.ToLowerInvariant()).ToArray();

    private static IReadOnlyList<string> ImageTrainerNames => [.. CandidateTrainers.ImageNames, .. CandidateTrainers.Names];

    private static IReadOnlyList<string> TabularTrainerNames => [.. CandidateTrainers.Names, .. CandidateTrainers.TextNames];

    private static IReadOnlyList<string> TextTrainerDefaults => ["text", "linear", "lightgbm", "nas"];

    public Command Build()
    {
        string name = images ? "image-classification" : text ? "text-classification" : task == DataTask.Classification ? "classification" : "regression";
        var command = new Command(name, images
            ? "Search convolutional networks, the MLP and classic ML.NET trainers for image classification on a CSV of pixel columns."
            : text
                ? "Search text encoders (bags of embeddings, 1-D convolutions, transformers) against ML.NET's FeaturizeText with linear models, LightGBM and the MLP, for classification of a text column."
                : $"Search neural networks and classic ML.NET trainers for {name} on a data file.")
        {
            dataset, validationDataset, cvFolds, cvRepeats, cvModel, testDataset, labelColumn, ignoreColumns, hasHeader, separator, decimalSeparator, trainTime, maxTrials, parallelTrials,
            tuner, pruner, trainers, seed, device, tf32, metric, output, warmStart, storage, study, resume, worker, shared,
        };
        if (!images)
        {
            command.Options.Add(textColumns);
        }

        if (images)
        {
            command.Options.Add(imageShape);
            command.Options.Add(space);
            command.Options.Add(cell);
            command.Options.Add(imageSize);
        }

        command.SetAction((result, token) => CommandRunner.RunAsync(() => RunAsync(result, token), console.Error));
        return command;
    }

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancellationToken)
    {
        var commandClock = Stopwatch.StartNew();
        var settings = ReadSettings(args);
        bool asWorker = args.GetValue(worker);
        string outputFolder = asWorker ? string.Empty : OutputFolder.Prepare(args.GetValue(output)!);
        // The test file is scored only after the search: a wrong path should not cost the whole budget first.
        foreach (string? extra in new[] { args.GetValue(validationDataset), args.GetValue(testDataset) })
        {
            if (extra is not null && !File.Exists(extra) && !(images && Directory.Exists(extra)))
            {
                throw new DataValidationException($"Data file '{extra}' not found.") { FilePath = extra };
            }
        }

        var ml = new MLContext(settings.Seed);
        var source = OpenSource(ml, args, settings);
        foreach (string warning in source.Warnings.Take(10))
        {
            console.Error.WriteLine($"warning: {args.GetValue(dataset)}: {warning}");
        }

        if (source.Warnings.Count > 10)
        {
            console.Error.WriteLine($"warning: {args.GetValue(dataset)}: … and {source.Warnings.Count - 10} more");
        }

        // Validation and test files are checked against the training file's columns now: a missing column must not cost the whole budget first.
        var loadWarnings = new List<string>();
        var validationData = args.GetValue(validationDataset) is { } validationPath ? source.LoadLike(ml, validationPath, loadWarnings) : null;
        var testData = args.GetValue(testDataset) is { } testPath ? source.LoadLike(ml, testPath, loadWarnings) : null;
        foreach (string warning in loadWarnings)
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        var trainData = source.Train;
        // Two classes go the binary route (scalar Score and Probability, PredictedLabel mapped back to the file's values), as
        // ML.NET's own binary trainers would; macro accuracy is a multiclass metric.
        bool binary = !images && source is DelimitedFileSource { Schema.ClassLabels.Count: 2 } && settings.Metric is not NasMetric.MacroAccuracy;
        var nasTask = task == DataTask.Classification
            ? binary
                ? NasTask.BinaryClassification(source.LabelColumn, settings.Metric ?? NasMetric.Accuracy)
                : NasTask.MulticlassClassification(source.LabelColumn, settings.Metric ?? NasMetric.Accuracy)
            : NasTask.Regression(source.LabelColumn, settings.Metric ?? NasMetric.RSquared);
        console.Out.WriteLine(source.Summary);
        if (settings.Trainers.Any(t => t is not ("lightgbm" or "fasttree" or "linear")))
        {
            if (settings.Tf32)
            {
                DeviceSelector.AllowTf32();
            }

            console.Out.WriteLine(DeviceSelector.Describe(settings.Device, settings.Tf32)); // once per run: auto falling back to the CPU says so
        }

        var experiment = ml.Nas().CreateExperiment()
            .SetTask(nasTask)
            .SetTrainingTimeInSeconds(settings.TrainTime)
            .SetTuner(settings.Tuner)
            .SetPruner(PrunerFactory.Create(settings.Pruner))
            .SetSeed(settings.Seed)
            .SetDevice(settings.Device);
        source.Configure(experiment, settings.Trainers);
        var validation = ValidationPlan.Choose(args.GetValue(cvFolds), validationData is not null, images ? null : (source as DelimitedFileSource)?.Schema.RowCount, args.GetValue(cvRepeats));
        console.Out.WriteLine(validation.Describe());
        if (validation.Folds is null && args.GetValue(cvModel) == "bag")
        {
            console.Out.WriteLine("--cv-model bag needs cross-validation (--cv-folds N): the winner is this split's model");
        }
        if (validation.Folds is null && validation.Repeats > 1)
        {
            console.Out.WriteLine($"--cv-repeats {validation.Repeats} needs cross-validation (--cv-folds N): this run fits each trial once on one split");
        }
        if (validation.Folds is { } foldCount)
        {
            experiment.SetDataset(trainData, foldCount, validation.Repeats).SetFoldBagging(args.GetValue(cvModel) == "bag");
        }
        else if (validationData is not null)
        {
            experiment.SetDataset(trainData, validationData);
        }
        else
        {
            experiment.SetDataset(trainData, 0.2);
        }

        if (args.GetValue(maxTrials) is { } trials)
        {
            experiment.SetMaxTrials(trials);
        }

        experiment.SetParallelTrials(args.GetValue(parallelTrials));

        string studyName = args.GetValue(study) ?? StudyArguments.DefaultStudy(args.GetValue(dataset)!, task, nasTask.Metric);
        if (args.GetValue(warmStart) is { } warmStartSource)
        {
            var (previous, origin) = StudyArguments.LoadWarmStart(warmStartSource, studyName, nasTask);
            experiment.SetWarmStart(previous);
            console.Out.WriteLine($"warm start: {previous.Count} trials from {origin}");
        }

        // Every run is stored, in the output folder unless --storage says otherwise, so that any run can be resumed.
        string storageValue = args.GetValue(storage) ?? StudyArguments.DefaultStorage(outputFolder);
        var (store, storedStudy) = StudyArguments.OpenStorage(storageValue, studyName, nasTask);
        bool resuming = args.GetValue(resume);
        bool sharing = args.GetValue(shared) || store is MlNetNas.Experiment.Storage.PostgresTrialStore;
        string fingerprint = DataFingerprint.Of(("train", args.GetValue(dataset)), ("validation", args.GetValue(validationDataset)), ("test", args.GetValue(testDataset)));
        experiment.SetStorage(store, storedStudy, resuming, StoredArguments.ToJson(validation.Pinned(commandLine)), fingerprint, sharing);
        if (asWorker)
        {
            console.Out.WriteLine($"worker {MlNetNas.Experiment.Storage.RunOwner.Name(MlNetNas.Experiment.Storage.RunOwner.Current)}: study '{storedStudy}' in {TrialStores.Redact(storageValue)}, for {settings.TrainTime:F0} s");
            experiment.SetMonitor(new TrialBoard(nasTask, console.Out.WriteLine));
            var work = await experiment.SetTrainingTimeInSeconds(settings.TrainTime).RunWorkerAsync(cancellationToken);
            console.Out.WriteLine($"worker: {work.TrialsRun} trials run ({work.TrialsRequeued} taken over from stopped processes) in {work.Elapsed.TotalSeconds:F0} s; the study's run has {work.StudyTrials} finished trials");
            return work.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
        }

        console.Out.WriteLine(resuming
            ? StudyArguments.DescribeResume(store, storedStudy, storageValue)
            : $"storage: every trial goes to study '{storedStudy}' in {TrialStores.Redact(storageValue)} (mlnet-nas resume {(args.GetValue(storage) is null ? args.GetValue(output) : $"--storage {TrialStores.Redact(storageValue)} --study {storedStudy}")} continues it)");

        // --train-time is the command's budget: the time spent reading and checking the files so far comes off the search's.
        // It also keeps a twentieth (1 to 30 s) for what follows the search on a delimited file: feature importance and the
        // pipeline export, which otherwise ran past the budget (taxi-fare, 60 s: 67.5 s in all).
        double afterSearch = images ? 0 : Math.Clamp(settings.TrainTime * 0.05, 1, 30);
        double searchSeconds = Math.Max(settings.TrainTime / 2, settings.TrainTime - commandClock.Elapsed.TotalSeconds - afterSearch);
        experiment.SetTrainingTimeInSeconds(searchSeconds);
        string reportPath = Path.Combine(outputFolder, "report.html");
        string title = Path.GetFileName(args.GetValue(dataset)!.TrimEnd('/', '\\'));
        var budget = TimeSpan.FromSeconds(settings.TrainTime);
        var runClock = Stopwatch.StartNew();
        IMonitor Refreshing(TrialBoard board) => new ReportRefresher(board, trials => new ExperimentReport(nasTask, trials)
        {
            Title = title,
            Budget = budget,
            Elapsed = runClock.Elapsed,
            InProgress = true,
        }, reportPath);
        var result = await RunWithProgress(experiment, nasTask, searchSeconds, console, Refreshing, cancellationToken);
        string? noPipeline = null;
        var written = ExperimentOutputWriter.Write(ml, result, source.CreateLoader(ml), trainData, outputFolder, source.Layout, notWritten: reason => noPipeline = reason);
        var best = result.BestTrial;
        if (result.Resume is { } resumed)
        {
            console.Out.WriteLine($"resumed: {resumed.ReplayedTrials} finished trials kept (not run again)"
                + (resumed.InterruptedTrials > 0 ? $", {resumed.InterruptedTrials} interrupted trial{(resumed.InterruptedTrials == 1 ? string.Empty : "s")} run again" : string.Empty)
                + (resumed.DifferingTrials > 0 ? $", {resumed.DifferingTrials} differ from what this run proposed (the trials since may differ from an uninterrupted run's)" : string.Empty)
                + (resumed.RetrainedBest ? "; the best stored trial was trained again for its model" : string.Empty)
                + (resumed.SearchSpaceChanged ? "; the search space differs from the stopped run's (another mlnet-nas version?), so the trials since may differ from an uninterrupted run's" : string.Empty)
                + $"; {resumed.Spent.TotalSeconds:F0} s of the budget had been spent");
        }

        console.Out.WriteLine($"best: trial {best.TrialId} {best.Trainer}, validation {nasTask.Metric} = {best.Metric:F4}"
            + (best.Architecture is null ? string.Empty : $" ({best.Architecture})")
            + $"; {result.Trials.Count} trials in {result.Elapsed.TotalSeconds:F0}s"
            + (result.Cancelled ? " (cancelled)" : string.Empty));
        if (result.ClassicRefitRows is { } refitRows)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the winner ({best.Trainer}) was fitted again on all {refitRows:N0} rows: each fold's model had seen {validation.Folds - 1} of {validation.Folds} folds"));
        }

        if (result.BaggedFolds > 0)
        {
            console.Out.WriteLine($"the winner ({best.Trainer}) is the average of its {result.BaggedFolds} fold models (--cv-model bag), each trained on {validation.Folds - 1} of {validation.Folds} folds");
        }
        else if (result.FoldBaggingError is { } baggingError)
        {
            console.Out.WriteLine($"--cv-model bag: the fold models could not be averaged ({baggingError}); the winner is its best fold's model");
        }

        foreach (string path in written)
        {
            console.Out.WriteLine($"wrote {path}");
        }

        if (noPipeline is not null)
        {
            console.Out.WriteLine($"no pipeline.onnx (raw columns in): {noPipeline}");
        }

        var report = ExperimentReport.From(result, title) with { Budget = budget };
        var model = ml.Model.Load(written[0], out _);
        if (testData is not null)
        {
            var test = TestPredictions.Score(nasTask, model, testData, source.LabelColumn, result.ClassNames);
            console.Out.WriteLine($"test ({args.GetValue(testDataset)}): {TestEvaluator.Describe(test)}");
            report = report with { Test = test, TestSource = Path.GetFileName(args.GetValue(testDataset)!) };
        }

        if (!images)
        {
            // Feature importance gets what is left of the budget (at least a second, at most a minute).
            var left = TimeSpan.FromSeconds(Math.Clamp(settings.TrainTime - commandClock.Elapsed.TotalSeconds, 1, 60));
            try
            {
                report = Explain(ml, model, result, testData ?? (validation.Folds is null ? null : trainData), testData is null ? null : args.GetValue(testDataset), settings.Seed, left, outputFolder, report);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or System.Runtime.InteropServices.ExternalException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                // The model is saved and scored: importance that cannot be measured is a warning, not a failed run.
                console.Error.WriteLine($"warning: feature importance was not measured: {e.Message.Split('\n')[0]}");
            }
        }

        try
        {
            console.Out.WriteLine($"wrote {ReportWriter.Write(report, reportPath)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // The model is saved: a report that cannot be written is a warning, not a failed run.
            console.Error.WriteLine($"warning: report.html was not written: {e.Message}");
        }

        return result.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    /// <summary>
    /// Permutation importance of the winner's input columns on the test rows (else the validation rows; a cross-validated
    /// run, which holds no rows out, on its training rows), within <paramref name="limit"/>: the top 10 printed, every
    /// column in best.json and the report. <paramref name="testPath"/> is null when <paramref name="rowsToScore"/> are the training rows.
    /// </summary>
    private ExperimentReport Explain(MLContext ml, ITransformer model, NasExperimentResult result, IDataView? rowsToScore, string? testPath, int seed, TimeSpan limit, string outputFolder, ExperimentReport report)
    {
        var (rows, where) = rowsToScore is not null
            ? (rowsToScore, testPath is null ? "training rows (cross-validation holds none out; --test-dataset scores held-out rows)" : $"test set ({Path.GetFileName(testPath)})")
            : (result.ValidationData, result.RefitSeeds > 0 ? "validation rows (the refitted winner also trained on them)" : "validation rows");
        if (rows is null)
        {
            return report;
        }

        // With a pipeline.onnx (checked against model.zip when written), the shuffled rows are scored in one ONNX Runtime call each.
        string pipelinePath = Path.Combine(outputFolder, "pipeline.onnx");
        using var pipeline = File.Exists(pipelinePath) && ModelInputFile.ReadLayout(Path.Combine(outputFolder, "model.zip")) is { } layout
            ? new MlNetNas.Onnx.Pipeline.PipelineOnnxScorer(File.ReadAllBytes(pipelinePath), layout)
            : null;
        var importance = MlNetNas.Explanations.PermutationFeatureImportance.Compute(ml, model, rows, result.Task, result.ClassNames, seed: seed, timeLimit: limit,
            scorer: pipeline is null ? null : view => pipeline.Predict(view, result.Task, result.ClassNames));
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feature importance on the {where}: drop of {importance.Metric} (from {importance.Baseline:F4}) when a column is shuffled, mean ± sd of {importance.Permutations} shuffles of {importance.Rows} rows"));
        foreach (string line in importance.Describe(10))
        {
            console.Out.WriteLine(line);
        }

        if (importance.Unscored.Count > 0)
        {
            console.Out.WriteLine($"     ({importance.Unscored.Count} more columns not scored in the {limit.TotalSeconds:F0} s left of the budget; `mlnet-nas explain` scores every column)");
        }

        ExperimentOutputWriter.AddToBestJson(outputFolder, "feature_importance", importance.ToJson(where));
        return report with { FeatureImportance = importance, FeatureImportanceSource = where };
    }

    private ITrainingSource OpenSource(MLContext ml, ParseResult args, Settings settings)
    {
        string path = args.GetValue(dataset)!;
        string? label = args.GetValue(labelColumn);
        if (images && Directory.Exists(path))
        {
            if (label is not null || args.GetValue(imageShape) is not null)
            {
                throw new UsageException($"'{path}' is an image folder: its sub-folders are the classes and the image size is detected (or --image-size); --label-col and --image-shape are for a CSV of pixels.");
            }

            var folder = ImageFolderDataset.Scan(path, ImageArguments.ReadSize(args.GetValue(imageSize)));
            return new ImageFolderSource(ml, folder, ImageArguments.ForInput(folder.Input, args.GetValue(space)!, args.GetValue(cell)));
        }

        if (images && IdxDataset.IsIdxImages(path))
        {
            if (label is not null || args.GetValue(imageShape) is not null)
            {
                throw new UsageException($"'{path}' is an IDX images file: its labels come from the labels file beside it and its shape from its header; --label-col and --image-shape are for a CSV of pixels.");
            }

            var idx = IdxDataset.Read(path);
            return new IdxSource(ml, idx, ImageArguments.ForInput(idx.Input, args.GetValue(space)!, args.GetValue(cell)));
        }

        if (label is null)
        {
            throw new UsageException(images
                ? "--label-col is required for a CSV of pixels (give the image folder itself for pictures)."
                : "Option '--label-col' is required.");
        }

        var schema = ColumnInference.Infer(path, label, task, new ColumnInferenceOptions
        {
            Separator = settings.Separator,
            DecimalMarker = settings.DecimalMarker,
            HasHeader = args.GetValue(hasHeader),
            IgnoreColumns = settings.IgnoreColumns,
            TextColumns = settings.TextColumns,
        });
        if (images)
        {
            return new PixelCsvSource(ml, schema, ImageArguments.Read(args.GetValue(imageShape), args.GetValue(space)!, args.GetValue(cell), schema));
        }

        bool hasText = schema.ColumnsOf(ColumnPurpose.Text).Count > 0;
        if (text && !hasText)
        {
            throw new UsageException($"'{path}' has no column detected as free text; name it with --text-col (columns: {string.Join(", ", schema.Columns.Where(c => c.Purpose != ColumnPurpose.Label).Select(c => $"{c.Name} ({c.Purpose.ToString().ToLowerInvariant()})"))}).");
        }

        if (!hasText && settings.Trainers.Contains("text"))
        {
            throw new UsageException($"--trainers text needs a text column, and '{path}' has none detected; name it with --text-col.");
        }

        // The searched text encoders join the default trainers when the file has text; --trainers decides otherwise.
        var names = hasText && !settings.TrainersGiven && !settings.Trainers.Contains("text") ? [.. settings.Trainers, "text"] : settings.Trainers;
        return new DelimitedFileSource(ml, schema) { TrainerNames = names };
    }

    private static async Task<NasExperimentResult> RunWithProgress(NasExperiment experiment, NasTask nasTask, double seconds, CliConsole console, Func<TrialBoard, IMonitor> observe, CancellationToken cancellationToken)
    {
        var budget = TimeSpan.FromSeconds(seconds);
        if (!console.Interactive)
        {
            experiment.SetMonitor(observe(new TrialBoard(nasTask, console.Out.WriteLine)));
            return await experiment.RunAsync(cancellationToken);
        }

        var board = new TrialBoard(nasTask, onLine: null);
        experiment.SetMonitor(observe(board));
        var clock = Stopwatch.StartNew();
        var run = experiment.RunAsync(cancellationToken);
        await AnsiConsole.Live(LeaderboardRenderer.Render(board, clock.Elapsed, budget)).StartAsync(async live =>
        {
            while (!run.IsCompleted)
            {
                live.UpdateTarget(LeaderboardRenderer.Render(board, clock.Elapsed, budget));
                await Task.WhenAny(run, Task.Delay(500, CancellationToken.None));
            }

            live.UpdateTarget(LeaderboardRenderer.Render(board, clock.Elapsed, budget));
        });
        return await run;
    }

    private Settings ReadSettings(ParseResult args)
    {
        double seconds = args.GetValue(trainTime);
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new UsageException($"--train-time must be a positive number of seconds; got {seconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        string tunerName = args.GetValue(tuner)!.Trim().ToLowerInvariant();
        bool oneShot = OneShotNames.Contains(tunerName);
        if (oneShot && !images)
        {
            throw new UsageException($"--tuner {tunerName} is a one-shot search of convolutional cells: use it with image-classification.");
        }

        if (!oneShot && !TunerFactory.IsKnown(tunerName, out var tunerError))
        {
            throw new UsageException($"--tuner: {tunerError} One-shot searches of the cell space (image-classification): {string.Join(", ", OneShotNames)}.");
        }

        string prunerName = args.GetValue(pruner)!.Trim().ToLowerInvariant();
        if (!PrunerFactory.Names.Contains(prunerName))
        {
            throw new UsageException($"Unknown --pruner '{prunerName}'; expected one of: {string.Join(", ", PrunerFactory.Names)}.");
        }

        string[] trainerNames = args.GetValue(trainers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        var known = images ? ImageTrainerNames : TabularTrainerNames;
        var unknown = trainerNames.Where(n => !known.Contains(n)).ToArray();
        if (trainerNames.Length == 0 || unknown.Length > 0)
        {
            throw new UsageException($"Unknown --trainers '{string.Join(",", unknown)}'; expected a comma-separated list of: {string.Join(", ", known)}.");
        }

        if (oneShot && !trainerNames.Contains("cell"))
        {
            throw new UsageException($"--tuner {tunerName} searches the cell space and retrains its cell as a 'cell' trial: include cell in --trainers.");
        }

        string deviceName = args.GetValue(device)!.Trim().ToLowerInvariant();
        if (deviceName is not ("auto" or "cpu") && !deviceName.StartsWith("cuda", StringComparison.Ordinal))
        {
            throw new UsageException($"Unknown --device '{deviceName}'; expected auto, cpu or cuda.");
        }

        if (deviceName.StartsWith("cuda", StringComparison.Ordinal))
        {
            try
            {
                DeviceSelector.Resolve(deviceName);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
        }

        if (args.GetValue(cvRepeats) is < 1)
        {
            throw new UsageException($"--cv-repeats must be at least 1; got {args.GetValue(cvRepeats)}.");
        }

        if (args.GetValue(cvModel) is not ("refit" or "bag"))
        {
            throw new UsageException($"--cv-model must be refit or bag; got '{args.GetValue(cvModel)}'.");
        }

        if (args.GetValue(cvFolds) is { } foldCount && (foldCount < 1 || (foldCount >= 2 && args.GetValue(validationDataset) is not null)))
        {
            throw new UsageException(foldCount < 1
                ? $"--cv-folds must be 1 (one 20% split) or at least 2; got {foldCount}."
                : "--cv-folds and --validation-dataset exclude each other: give one.");
        }

        if (args.GetValue(maxTrials) is { } trials && trials < 1)
        {
            throw new UsageException($"--max-trials must be at least 1; got {trials}.");
        }

        if (args.GetValue(parallelTrials) is < 1 or > 64)
        {
            throw new UsageException($"--parallel-trials must be between 1 and 64; got {args.GetValue(parallelTrials)}.");
        }

        if (args.GetValue(parallelTrials) > 1 && oneShot)
        {
            throw new UsageException($"--tuner {tunerName} trains one supernet: run it with --parallel-trials 1.");
        }

        if (args.GetValue(study) is { } studyName && string.IsNullOrWhiteSpace(studyName))
        {
            throw new UsageException("--study must not be empty.");
        }

        return new Settings(seconds, tunerName, prunerName, trainerNames, args.GetValue(seed), deviceName, ParseSeparator(args.GetValue(separator)), ParseDecimalMarker(args.GetValue(decimalSeparator)), ParseMetric(args.GetValue(metric)),
            args.GetValue(ignoreColumns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            TextColumns = (args.GetValue(textColumns) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            TrainersGiven = args.GetResult(trainers) is { Implicit: false },
            Tf32 = args.GetValue(tf32),
        };
    }

    private static char? ParseDecimalMarker(string? value) => value switch
    {
        null => null,
        "." or "point" => '.',
        "," or "comma" => ',',
        _ => throw new UsageException($"--decimal-separator must be '.' or ','; got '{value}'."),
    };

    private static char? ParseSeparator(string? value) => value switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        { Length: 1 } => value[0],
        _ => throw new UsageException($"--separator must be one character or 'tab'; got '{value}'."),
    };

    private NasMetric? ParseMetric(string? value)
    {
        if (value is null)
        {
            return null;
        }

        NasMetric parsed = MetricNames.Parse(value)
            ?? throw new UsageException($"Unknown --metric '{value}'; classification: accuracy, macro-accuracy, log-loss, auc; regression: r2, rmse, mae.");
        bool fits = task == DataTask.Classification
            ? parsed is NasMetric.Accuracy or NasMetric.MacroAccuracy or NasMetric.LogLoss or NasMetric.AreaUnderRocCurve
            : parsed is NasMetric.RSquared or NasMetric.RootMeanSquaredError or NasMetric.MeanAbsoluteError;
        return fits ? parsed : throw new UsageException($"--metric '{value}' does not apply to {task.ToString().ToLowerInvariant()}.");
    }

    private sealed record Settings(double TrainTime, string Tuner, string Pruner, string[] Trainers, int Seed, string Device, char? Separator, char? DecimalMarker, NasMetric? Metric, string[] IgnoreColumns)
    {
        public string[] TextColumns { get; init; } = [];

        public bool TrainersGiven { get; init; }

        public bool Tf32 { get; init; }
    }
}
