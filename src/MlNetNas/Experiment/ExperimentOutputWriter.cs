using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Trainers;

namespace MlNetNas.Experiment;

/// <summary>
/// Writes an experiment's results to a folder: <c>model.zip</c> (the best model with its data loader, so
/// <c>LoadWithDataLoader</c> scores files shaped like the training file; multiclass predictions mapped back
/// to the original label values), <c>model.onnx</c> when a network won, <c>best.json</c> and <c>trials.csv</c>.
/// Each file is written beside and renamed, so no half-written file looks complete.
/// </summary>
public static class ExperimentOutputWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The deployable model: the best model plus, for multiclass, <c>MapKeyToValue("PredictedLabel")</c>, and for binary
    /// classification of two named classes a map of the Boolean <c>PredictedLabel</c> back to the file's label values.
    /// </summary>
    public static ITransformer DeployableModel(MLContext ml, NasExperimentResult result, IDataView schemaSample)
    {
        if (result.Task.Kind == NasTaskKind.BinaryClassification && result.ClassNames.Count == 2)
        {
            var names = result.ClassNames;
            var toName = ml.Transforms.Conversion.MapValue("PredictedLabel", [KeyValuePair.Create(false, names[0]), KeyValuePair.Create(true, names[1])], "PredictedLabel")
                .Fit(result.BestModel.Transform(schemaSample));
            return new TransformerChain<ITransformer>(result.BestModel, toName);
        }

        if (result.Task.Kind != NasTaskKind.MulticlassClassification)
        {
            return result.BestModel;
        }

        var toValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(result.BestModel.Transform(schemaSample));
        return new TransformerChain<ITransformer>(result.BestModel, toValue);
    }

    /// <summary>
    /// Writes every file; returns the paths written. <paramref name="layout"/>, the training file's columns, goes inside
    /// model.zip so that <see cref="Data.ModelInputFile"/> reads other files by column name. <paramref name="notWritten"/>
    /// hears why no pipeline.onnx was written, when none was.
    /// </summary>
    public static IReadOnlyList<string> Write(MLContext ml, NasExperimentResult result, IDataLoader<IMultiStreamSource> loader, IDataView schemaSample, string folder, Data.DataFileLayout? layout = null, Action<string>? notWritten = null)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var model = DeployableModel(ml, result, schemaSample);
        var manifest = new Serving.ServingManifest(result.Task.Kind, result.ClassNames, Candidates.CandidateContext.FeatureColumn);
        byte[]? onnx = result.BestOnnx is { } bytes ? Onnx.OnnxMetadata.With(bytes, Serving.ServingManifest.MetadataKey, manifest.ToJson()) : null;
        written.Add(Replace(Path.Combine(folder, "model.zip"), temp =>
        {
            ml.Model.Save(model, loader, temp);
            if (layout is not null)
            {
                Data.ModelInputFile.WriteLayout(temp, layout);
            }

            // For NasModel's batched scoring: the task and classes, and the network that the zip's ONNX transformer runs.
            using var zip = System.IO.Compression.ZipFile.Open(temp, System.IO.Compression.ZipArchiveMode.Update);
            using (var writer = new StreamWriter(zip.CreateEntry(Serving.ServingManifest.Entry).Open()))
            {
                writer.Write(manifest.ToJson());
            }

            if (onnx is not null)
            {
                using var stream = zip.CreateEntry(Serving.ServingManifest.NetworkEntry).Open();
                stream.Write(onnx);
            }
        }));
        string onnxPath = Path.Combine(folder, "model.onnx");
        if (onnx is not null)
        {
            written.Add(Replace(onnxPath, temp => File.WriteAllBytes(temp, onnx)));
        }
        else if (File.Exists(onnxPath))
        {
            File.Delete(onnxPath); // a stale network from an earlier run must not pass for this run's winner
        }

        string pipelinePath = Path.Combine(folder, "pipeline.onnx");
        string pipelineNote = WritePipeline(ml, result, model, schemaSample, layout, written[0], pipelinePath);
        if (File.Exists(pipelinePath) && pipelineNote == "pipeline.onnx")
        {
            written.Add(pipelinePath);
        }

        if (pipelineNote != "pipeline.onnx")
        {
            notWritten?.Invoke(pipelineNote[NoPipelinePrefix.Length..]);
        }

        var best = BestJsonObject(result);
        best["pipeline_onnx"] = pipelineNote;
        written.Add(Replace(Path.Combine(folder, "best.json"), temp => File.WriteAllText(temp, best.ToJsonString(JsonOptions))));
        written.Add(Replace(Path.Combine(folder, "trials.csv"), temp => File.WriteAllText(temp, TrialsCsvWriter.ToCsv(result.Trials, result.Task.Metric))));
        return written;
    }

    /// <summary>The best trial as JSON: trainer, metric, parameters, architecture, classes.</summary>
    public static string BestJson(NasExperimentResult result) => BestJsonObject(result).ToJsonString(JsonOptions);

    private static JsonObject BestJsonObject(NasExperimentResult result)
    {
        var best = result.BestTrial;
        var json = new JsonObject
        {
            ["trial"] = best.TrialId,
            ["trainer"] = best.Trainer,
            ["task"] = result.Task.Kind.ToString(),
            ["label"] = result.Task.LabelColumnName,
            ["metric"] = result.Task.Metric.ToString(),
            ["validation_metric"] = best.Metric,
            ["seconds"] = Math.Round(best.Duration.TotalSeconds, 3),
            ["epochs"] = best.Epochs,
            ["architecture_summary"] = best.Architecture,
            // The NAS-Bench-201 string of a cell winner, to look it up in the benchmark's tables.
            ["cell"] = best.Parameter.ContainsKey("trainer") && Architectures.Families.CellFamily.CellOf(best.Parameter["trainer"]) is { } cell ? cell.ToString() : null,
            ["architecture"] = result.BestArchitectureJson is { } a ? JsonNode.Parse(a) : null,
            ["parameters"] = JsonNode.Parse(best.Parameter.ToJson()),
            ["classes"] = new JsonArray(result.ClassNames.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["refit_seeds_on_all_data"] = result.RefitSeeds,
            ["classic_refit_rows"] = result.ClassicRefitRows,
            ["bagged_folds"] = result.BaggedFolds,
            ["trials"] = result.Trials.Count,
            ["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            ["one_shot"] = OneShotJson(result),
        };
        return json;
    }

    /// <summary>
    /// The one-shot search's method, derived cell, supernet estimate and cost (supernet seconds, and the seconds of the
    /// trial that retrained its cell from scratch with that trial's metric), or null when the run had none.
    /// </summary>
    private static JsonObject? OneShotJson(NasExperimentResult result)
    {
        if (result.OneShot is not { } search)
        {
            return null;
        }

        var retrain = result.Trials.FirstOrDefault(t => t.SupernetAccuracy is not null && t.Metric is not null);
        return new JsonObject
        {
            ["method"] = search.Method.ToString().ToLowerInvariant(),
            ["cell"] = search.Cell.ToString(),
            ["supernet_accuracy"] = Math.Round(search.SupernetAccuracy, 4),
            ["supernet_seconds"] = Math.Round(search.Duration.TotalSeconds, 1),
            ["supernet_epochs"] = search.Epochs,
            ["supernet_peak_rss_mb"] = search.PeakResidentBytes >> 20,
            ["stop"] = search.StopReason,
            ["epoch_cells"] = new JsonArray(search.EpochCells.Select(c => (JsonNode?)JsonValue.Create(c.ToString())).ToArray()),
            ["retrain_trial"] = retrain?.TrialId,
            ["retrain_seconds"] = retrain is null ? null : Math.Round(retrain.Duration.TotalSeconds, 1),
            ["retrain_validation_metric"] = retrain?.Metric,
        };
    }

    /// <summary>The sentence best.json gives for a run whose winner has no whole-pipeline ONNX model.</summary>
    public const string NoPipelinePrefix = "not written: ";

    /// <summary>
    /// Writes pipeline.onnx (raw columns in, ML.NET's outputs out) for a winner of a delimited file when its featurizer
    /// lowers, its trainer exports (a network, or a classic trainer through ML.NET's converter) and the graph matches the
    /// model.zip on up to 500 training rows (scores within 1e-4, labels equal); otherwise deletes a stale one. Returns "pipeline.onnx", or why it was not written.
    /// </summary>
    private static string WritePipeline(MLContext ml, NasExperimentResult result, ITransformer model, IDataView rows, Data.DataFileLayout? layout, string zipPath, string path)
    {
        string? reason = layout is null ? "an image model (its pictures are decoded and resized by ML.NET's image transforms)" : null;
        if (reason is null)
        {
            try
            {
                byte[] pipeline = result.BestEnsemble is { } ensemble
                    ? Onnx.Pipeline.EnsemblePipelineExporter.Export(ml, layout!, ensemble, result.Task.Kind, result.ClassNames)
                    : Onnx.Pipeline.PipelineOnnxExporter.Export(ml, zipPath);
                double difference = Onnx.Pipeline.PipelineOnnxCheck.Compare(pipeline, model, ml.Data.TakeRows(rows, 500), layout!);
                if (difference <= 1e-4)
                {
                    Replace(path, temp => File.WriteAllBytes(temp, pipeline));
                    return "pipeline.onnx";
                }

                reason = $"the lowered pipeline differs from model.zip on the training rows (largest difference {difference:G3})";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // No export must cost the run its model.zip: the reason goes to best.json instead.
                reason = e is NotSupportedException ? e.Message : $"the export failed ({e.GetType().Name}: {e.Message.Split('\n')[0]})";
            }
        }

        if (File.Exists(path))
        {
            File.Delete(path); // a stale pipeline from an earlier run must not pass for this run's winner
        }

        return NoPipelinePrefix + reason;
    }

    /// <summary>Adds (or replaces) one entry of the best.json in <paramref name="folder"/>, e.g. what was measured after the run.</summary>
    public static void AddToBestJson(string folder, string key, JsonNode value)
    {
        string path = Path.Combine(folder, "best.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[key] = value;
        Replace(path, temp => File.WriteAllText(temp, json.ToJsonString(JsonOptions)));
    }

    private static string Replace(string path, Action<string> write) => AtomicFile.Write(path, write);
}
