using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Benchmarks;

using MlNetNas.SearchSpace;

/// <summary>
/// The network-side techniques of the tabular MLP one at a time: one fixed configuration (the tuned default the search
/// starts from) trained once per seed, and the same configuration with one technique switched on or off, on the same
/// seeded 80/20 split of each file (20% of the rest for validation, default preprocessing but for the arm that changes
/// the scaling). Prints the test metric
/// (accuracy, or R² for regression) of each arm as mean ± standard deviation over the seeds, and the seconds it took.
/// </summary>
internal static class TabularAblation
{
    private static readonly (string Name, Dictionary<string, Parameter> Change, NumericScaling Scaling)[] Arms =
    [
        ("tuned default", [], NumericScaling.MeanVariance),
        ("+ periodic embeddings", new() { ["numeric_embedding"] = Parameter.FromString("periodic") }, NumericScaling.MeanVariance),
        ("+ smooth clipping of the input", new() { ["smooth_clip"] = Parameter.FromBool(true) }, NumericScaling.MeanVariance),
        ("min-max scaling instead of mean-variance", [], NumericScaling.MinMax),
        ("+ label smoothing 0.1", new() { ["label_smoothing"] = Parameter.FromDouble(0.1) }, NumericScaling.MeanVariance),
        ("+ weight averaging of the last 5 epochs", new() { ["weight_averaging"] = Parameter.FromInt(5) }, NumericScaling.MeanVariance),
        ("- layer norm", new() { ["normalization"] = Parameter.FromString("none") }, NumericScaling.MeanVariance),
        ("constant rate (no warm-up cosine)", new() { ["schedule"] = Parameter.FromString("constant") }, NumericScaling.MeanVariance),
        ("parametric ReLU instead of SiLU", new() { ["activation"] = Parameter.FromString("prelu") }, NumericScaling.MeanVariance),
        ("+ a scaling layer at the input", new() { ["input_scale"] = Parameter.FromBool(true) }, NumericScaling.MeanVariance),
        ("flat-then-cosine rate (no warm-up cosine)", new() { ["schedule"] = Parameter.FromString("flat_cosine") }, NumericScaling.MeanVariance),
        ("+ batch ensemble of 8 (TabM-mini)", new() { ["ensemble_members"] = Parameter.FromInt(8) }, NumericScaling.MeanVariance),
        ("+ batch ensemble of 32 (TabM-mini)", new() { ["ensemble_members"] = Parameter.FromInt(32) }, NumericScaling.MeanVariance),
        ("+ label smoothing 0.1 and a batch ensemble of 8", new() { ["label_smoothing"] = Parameter.FromDouble(0.1), ["ensemble_members"] = Parameter.FromInt(8) }, NumericScaling.MeanVariance),
        ("+ periodic embeddings and a batch ensemble of 8", new() { ["numeric_embedding"] = Parameter.FromString("periodic"), ["ensemble_members"] = Parameter.FromInt(8) }, NumericScaling.MeanVariance),
        ("+ periodic embeddings and flat-then-cosine rate", new() { ["numeric_embedding"] = Parameter.FromString("periodic"), ["schedule"] = Parameter.FromString("flat_cosine") }, NumericScaling.MeanVariance),
        ("+ piecewise-linear encodings (16 quantile bins)", new() { ["numeric_embedding"] = Parameter.FromString("piecewise_linear") }, NumericScaling.MeanVariance),
        ("+ piecewise-linear encodings, 60 epochs instead of 40", new() { ["numeric_embedding"] = Parameter.FromString("piecewise_linear"), ["epochs"] = Parameter.FromInt(60) }, NumericScaling.MeanVariance),
        ("+ piecewise-linear encodings and flat-then-cosine rate", new() { ["numeric_embedding"] = Parameter.FromString("piecewise_linear"), ["schedule"] = Parameter.FromString("flat_cosine") }, NumericScaling.MeanVariance),
        ("+ robust scaling and smooth clipping of the input", new() { ["robust_scale"] = Parameter.FromBool(true), ["smooth_clip"] = Parameter.FromBool(true) }, NumericScaling.MeanVariance),
        ("+ piecewise-linear encodings and a batch ensemble of 8", new() { ["numeric_embedding"] = Parameter.FromString("piecewise_linear"), ["ensemble_members"] = Parameter.FromInt(8) }, NumericScaling.MeanVariance),
        ("no hidden layer (linear)", new() { ["layers"] = Parameter.FromInt(0) }, NumericScaling.MeanVariance),
    ];

    /// <summary>Runs the arms whose names contain one of <paramref name="armFilter"/> (all when empty; the tuned default always).</summary>
    public static int Run(IReadOnlyList<(string Path, string Label, DataTask Task)> files, int seeds, IReadOnlyList<string> armFilter)
    {
        var inv = CultureInfo.InvariantCulture;
        // The shape both tasks' starts share: without the label smoothing and batch ensemble of the classification start
        // and the embeddings of the regression one.
        var tuned = new NasCandidate().StartingPoints(NasTask.MulticlassClassification("y"))[0]
            .Where(p => p.Key is not ("label_smoothing" or "ensemble_members")).ToDictionary(p => p.Key, p => p.Value);
        Console.WriteLine($"Tabular ablation: the tuned default MLP ({string.Join(", ", tuned.Select(p => $"{p.Key} {p.Value}"))}), one change per arm, seeds 1..{seeds}; CPU");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine("| data | arm | test metric (mean ± sd) | seconds per fit |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (path, label, task) in files)
        {
            foreach (var (arm, change, scaling) in Arms.Where((a, i) => i == 0 || armFilter.Count == 0 || armFilter.Any(f => a.Name.Contains(f, StringComparison.OrdinalIgnoreCase))))
            {
                var metrics = new List<double>();
                var seconds = new List<double>();
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var pinned = new Dictionary<string, Parameter>(tuned);
                    foreach (var (key, value) in change)
                    {
                        pinned[key] = value;
                    }

                    var clock = Stopwatch.StartNew();
                    metrics.Add(FitOnce(path, label, task, pinned, scaling, seed));
                    seconds.Add(clock.Elapsed.TotalSeconds);
                }

                double mean = metrics.Average();
                double sd = Math.Sqrt(metrics.Sum(m => (m - mean) * (m - mean)) / Math.Max(1, metrics.Count - 1));
                Console.WriteLine(string.Create(inv, $"| {Path.GetFileName(path)} | {arm} | {mean:F4} ± {sd:F4} | {seconds.Average():F1} |"));
            }
        }

        return 0;
    }

    private static double FitOnce(string path, string label, DataTask task, IReadOnlyDictionary<string, Parameter> pinned, NumericScaling scaling, int seed)
    {
        var ml = new MLContext(seed);
        // bike-hour's casual + registered add up to its label, and instant / dteday are row ids.
        string[] ignore = Path.GetFileName(path).StartsWith("bike-hour", StringComparison.Ordinal) ? ["instant", "casual", "registered", "dteday"] : [];
        var schema = ColumnInference.Infer(path, label, task, new ColumnInferenceOptions { IgnoreColumns = ignore });
        var split = ml.Data.TrainTestSplit(schema.Load(ml), 0.2, seed: 1000 + seed);
        var nasTask = task == DataTask.Regression
            ? NasTask.Regression(schema.LabelColumn)
            : NasTask.MulticlassClassification(schema.LabelColumn); // two classes too: accuracy is what is compared
        var result = ml.Nas().CreateExperiment()
            .SetDataset(split.TrainSet, 0.2)
            .SetTask(nasTask)
            .SetPipeline(FeaturePipeline.Create(ml, schema, new PreprocessingOptions { Scaling = scaling }))
            .SetTrainers([new PinnedCandidate(new NasCandidate(), pinned)])
            .SetMaxTrials(1)
            .SetTrainingTimeInSeconds(3600)
            .SetEnsemble(false)
            .SetRefitOnAllData(false)
            .SetSeed(seed)
            .SetDevice("cpu")
            .RunAsync().GetAwaiter().GetResult();
        if (task == DataTask.Regression)
        {
            return ml.Regression.Evaluate(result.BestModel.Transform(split.TestSet), schema.LabelColumn).RSquared;
        }

        return PruningBenchmark.TestAccuracy(ml, result.BestModel, split.TestSet, schema.LabelColumn);
    }

    /// <summary>A trainer whose space holds one point: the pinned values, and its own defaults for the rest.</summary>
    private sealed class PinnedCandidate(NasCandidate inner, IReadOnlyDictionary<string, Parameter> pinned) : ICandidateTrainer
    {
        public string Name => inner.Name;

        public SearchSpace CreateSearchSpace(NasTask task)
        {
            var defaults = inner.CreateSearchSpace(task).Default;
            var space = new SearchSpace();
            foreach (var (key, value) in defaults.Children)
            {
                var chosen = pinned.TryGetValue(key, out var p) ? p : value;
                space.Add(key, new ChoiceOption(Leaf(chosen)));
            }

            return space;
        }

        public CandidateModel Fit(CandidateContext context, Parameter parameter) => inner.Fit(context, parameter);

        private static object Leaf(Parameter p) => p.Kind switch
        {
            ParameterKind.Integer => p.AsInt(),
            ParameterKind.Double => p.AsDouble(),
            ParameterKind.Bool => p.AsBool(),
            _ => p.AsString(),
        };
    }
}
