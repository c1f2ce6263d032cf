using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Cli.Output;
using MlNetNas.Data;
using MlNetNas.Data.Images;

namespace MlNetNas.Cli.Commands;

/// <summary>The <c>predict</c> command: scores a data file with a saved model.zip and writes the predictions as CSV.</summary>
internal sealed class PredictCommand
{
    private readonly Option<string> model = new("--model") { Description = "A model.zip written by mlnet-nas (saved with its data loader).", Required = true };
    private readonly Option<string> dataset = new("--dataset") { Description = "Data file shaped like the training file, or a folder of pictures for an image-folder model.", Required = true };
    private readonly Option<string> output = new("--output") { Description = "Predictions CSV to write.", DefaultValueFactory = _ => "predictions.csv" };
    private readonly CliConsole console;

    public PredictCommand(CliConsole console) => this.console = console;

    public Command Build()
    {
        var command = new Command("predict", "Score a data file with a saved model.zip.") { model, dataset, output };
        command.SetAction((result, _) => CommandRunner.RunAsync(() => Task.FromResult(Run(result)), console.Error));
        return command;
    }

    private int Run(ParseResult args)
    {
        string modelPath = args.GetValue(model)!;
        string dataPath = args.GetValue(dataset)!;
        string outputPath = args.GetValue(output)!;
        foreach (var (path, what) in new[] { (modelPath, "model"), (dataPath, "dataset") })
        {
            if (!File.Exists(path) && !(what == "dataset" && Directory.Exists(path)))
            {
                throw new DataValidationException($"The {what} file '{path}' was not found.") { FilePath = path };
            }
        }

        var ml = new MLContext(seed: 0);
        var transformer = SavedModel.Load(ml, modelPath, out var loader);

        string? pictureList = null;
        if (Directory.Exists(dataPath))
        {
            // An image-folder model reads a list of pictures: build it from the folder.
            var pictures = ImageFolderDataset.ListPictures(dataPath, out var skipped);
            foreach (string warning in skipped)
            {
                console.Error.WriteLine($"warning: {dataPath}: {warning}");
            }

            pictureList = Path.Combine(Path.GetTempPath(), $"mlnet-nas-pictures-{Guid.NewGuid():N}.tsv");
            ImageFolderDataset.WriteList(pictureList, pictures);
        }

        try
        {
            return Score(ml, transformer, loader, pictureList ?? dataPath, modelPath, outputPath, pictureList is not null);
        }
        finally
        {
            if (pictureList is not null)
            {
                DeleteQuietly(pictureList);
            }
        }
    }

    private int Score(MLContext ml, ITransformer transformer, IDataLoader<IMultiStreamSource> loader, string dataPath, string modelPath, string outputPath, bool pictures)
    {
        IDataView input;
        try
        {
            var layout = pictures ? null : ModelInputFile.ReadLayout(modelPath);
            var warnings = new List<string>();
            input = layout is null ? loader.Load(new MultiFileSource(dataPath)) : layout.LoadByName(ml, dataPath, requireLabel: false, warnings);
            foreach (string warning in warnings)
            {
                console.Error.WriteLine($"warning: {warning}");
            }

            if (pictures && input.Schema.GetColumnOrNull(ImageFolderDataset.PathColumn) is null)
            {
                throw new InvalidDataException($"'{modelPath}' was not trained on an image folder; give it a data file shaped like its training file.");
            }
        }
        catch (Exception e) when (e is not (InvalidDataException or DataValidationException))
        {
            throw new InvalidDataException($"'{modelPath}' cannot read '{dataPath}': {FirstLine(e.Message)}", e);
        }

        var scored = transformer.Transform(input);
        var columns = new[] { "PredictedLabel", "Score", "Probability" }.Where(c => scored.Schema.GetColumnOrNull(c) is not null).ToArray();
        if (columns.Length == 0)
        {
            throw new InvalidDataException($"'{modelPath}' produces none of PredictedLabel, Score, Probability.");
        }

        string full = Path.GetFullPath(outputPath);
        string partial = full + ".partial";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(partial, string.Empty);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output '{outputPath}' cannot be written: {e.Message}");
        }

        int rows;
        try
        {
            rows = PredictionCsv.Write(scored, pictures ? [ImageFolderDataset.PathColumn, .. columns] : columns, partial);
        }
        catch
        {
            // Scoring failed half-way (e.g. a file shaped unlike the training file): no partial predictions stay behind.
            DeleteQuietly(partial);
            throw;
        }

        File.Move(partial, full, overwrite: true);
        console.Out.WriteLine($"wrote {rows} predictions to {full}");
        return ExitCodes.Success;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done about a file that cannot be deleted; the error that matters is the one being reported.
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
