using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Explanations;

namespace MlNetNas.Cli.Commands;

/// <summary>The <c>explain</c> command: permutation importance of a saved model's input columns on a labelled data file.</summary>
internal sealed class ExplainCommand
{
    private readonly Option<string> model = new("--model") { Description = "A model.zip written by mlnet-nas.", Required = true };
    private readonly Option<string> dataset = new("--dataset") { Description = "Labelled data file with the training file's columns (read by header name).", Required = true };
    private readonly Option<string?> labelColumn = new("--label-col") { Description = "Label column: header name or 0-based index; default: the model's training label." };
    private readonly Option<string?> metric = new("--metric") { Description = "Metric whose drop is measured: accuracy (default), macro-accuracy, auc; regression: r2 (default), rmse, mae." };
    private readonly Option<int> permutations = new("--permutations") { Description = "Shuffles of each column (mean and spread reported).", DefaultValueFactory = _ => 3 };
    private readonly Option<int> top = new("--top") { Description = "How many columns to print (every column goes to --output).", DefaultValueFactory = _ => 10 };
    private readonly Option<int> seed = new("--seed") { Description = "Seed of the shuffles and of the row subset of large files.", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> output = new("--output") { Description = "CSV of every column's importance (column,drop,std) to write." };
    private readonly CliConsole console;

    public ExplainCommand(CliConsole console) => this.console = console;

    public Command Build()
    {
        var command = new Command("explain", "Permutation feature importance of a saved model on a labelled data file: how much the metric drops when each column is shuffled.")
        {
            model, dataset, labelColumn, metric, permutations, top, seed, output,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync(() => Task.FromResult(Run(result)), console.Error));
        return command;
    }

    private int Run(ParseResult args)
    {
        string modelPath = args.GetValue(model)!;
        string dataPath = args.GetValue(dataset)!;
        foreach (var (path, what) in new[] { (modelPath, "model"), (dataPath, "dataset") })
        {
            if (!File.Exists(path))
            {
                throw new DataValidationException($"The {what} file '{path}' was not found.") { FilePath = path };
            }
        }

        if (args.GetValue(permutations) is < 1 or > 100)
        {
            throw new UsageException($"--permutations must be between 1 and 100; got {args.GetValue(permutations)}.");
        }

        var ml = new MLContext(args.GetValue(seed));
        var transformer = SavedModel.Load(ml, modelPath, out var loader);
        var layout = ModelInputFile.ReadLayout(modelPath);
        string label = LabelName(args.GetValue(labelColumn), layout, modelPath);
        var warnings = new List<string>();
        var data = layout is null ? loader.Load(new MultiFileSource(dataPath)) : layout.LoadByName(ml, dataPath, requireLabel: true, warnings);
        foreach (string warning in warnings)
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        var chosenMetric = args.GetValue(metric) is { } name
            ? MetricNames.Parse(name) ?? throw new UsageException($"Unknown --metric '{name}'; expected one of: {MetricNames.Known}.")
            : (Experiment.NasMetric?)null;
        Experiment.NasTask task;
        IReadOnlyList<string> classes;
        try
        {
            (task, classes) = DeployedModelTask.Detect(ml, transformer, data, label, chosenMetric);
        }
        catch (ArgumentException e) when (chosenMetric is not null && e.Message.Contains("does not apply", StringComparison.Ordinal))
        {
            throw new UsageException($"--metric {args.GetValue(metric)} does not apply to this model: {e.Message}");
        }

        // A pipeline.onnx beside the model (written only when it matched model.zip) scores each shuffle in one batched call.
        string pipelinePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "pipeline.onnx");
        using var pipeline = layout is not null && File.Exists(pipelinePath) ? new MlNetNas.Onnx.Pipeline.PipelineOnnxScorer(File.ReadAllBytes(pipelinePath), layout) : null;
        var importance = PermutationFeatureImportance.Compute(ml, transformer, data, task, classes, permutations: args.GetValue(permutations), seed: args.GetValue(seed),
            scorer: pipeline is null ? null : view => pipeline.Predict(view, task, classes));
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{task.Kind} model; drop of {importance.Metric} (from {importance.Baseline:F4} on {importance.Rows} rows of {Path.GetFileName(dataPath)}) when a column is shuffled, mean ± sd of {importance.Permutations} shuffles:"));
        foreach (string line in importance.Describe(args.GetValue(top)))
        {
            console.Out.WriteLine(line);
        }

        if (args.GetValue(output) is { } csvPath)
        {
            var lines = importance.Columns.Select(c => string.Create(CultureInfo.InvariantCulture, $"{Quote(c.Column)},{c.Drop:R},{c.StandardDeviation:R}"));
            File.WriteAllLines(csvPath, ["column,drop,std", .. lines]);
            console.Out.WriteLine($"wrote {Path.GetFullPath(csvPath)}");
        }

        return ExitCodes.Success;
    }

    /// <summary>The label: the name or index given (checked against the model's training label), else the model's own.</summary>
    private static string LabelName(string? given, DataFileLayout? layout, string modelPath)
    {
        if (layout is null)
        {
            return given ?? throw new UsageException($"'{modelPath}' holds no training column layout: give --label-col by name.");
        }

        if (given is null)
        {
            return layout.LabelColumn;
        }

        string name = int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < layout.Columns.Count && layout.Columns.All(c => c.Name != given)
            ? layout.Columns[index].Name
            : given;
        return string.Equals(name, layout.LabelColumn, StringComparison.OrdinalIgnoreCase)
            ? layout.LabelColumn
            : throw new UsageException($"--label-col '{given}' is not the label '{layout.LabelColumn}' that '{modelPath}' was trained to predict.");
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
