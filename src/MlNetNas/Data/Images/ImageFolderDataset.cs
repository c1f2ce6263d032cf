using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MlNetNas.Architectures;

namespace MlNetNas.Data.Images;

/// <summary>
/// An image-folder dataset: one sub-folder per class, named after it, holding that class's pictures (at any depth).
/// Scanning decodes every picture once, so unreadable files are found before training (they are skipped, each named in
/// <see cref="Warnings"/>), and it detects the image size and whether the pictures are grey or colour. As data it is
/// two text columns, <c>Label</c> and <c>ImagePath</c> (absolute paths), which <see cref="CreateFeaturizer"/> turns into
/// the planar pixels a network reads, with ML.NET's own image transforms.
/// </summary>
public sealed class ImageFolderDataset
{
    /// <summary>The label column.</summary>
    public const string LabelColumn = "Label";

    /// <summary>The image path column (absolute, or relative to the current directory).</summary>
    public const string PathColumn = "ImagePath";

    /// <summary>The largest side a detected size keeps: bigger pictures are resized to it (CPU training is slow on large images).</summary>
    public const int MaxDetectedSize = 32;

    private const string ImageColumn = "nas_image";
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp" };

    private ImageFolderDataset(string folder, IReadOnlyList<ImageRow> rows, IReadOnlyList<string> classes, InputSpec input, IReadOnlyList<string> warnings)
    {
        Folder = folder;
        Rows = rows;
        Classes = classes;
        Input = input;
        Warnings = warnings;
    }

    /// <summary>The dataset's folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>Every readable picture with its class.</summary>
    public IReadOnlyList<ImageRow> Rows { get; }

    /// <summary>The class names (sub-folders that hold pictures), sorted.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The network input: channels (1 for grey pictures, 3 for colour) and the square size pictures are resized to.</summary>
    public InputSpec Input { get; }

    /// <summary>What was skipped, one sentence each: empty class folders, files that are not pictures, pictures that cannot be decoded.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Scans <paramref name="folder"/>.</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="imageSize">The side to resize pictures to; null detects it (the largest side seen, at most <see cref="MaxDetectedSize"/>).</param>
    /// <param name="like">A dataset whose size and channels to keep (a validation or test folder of a training folder).</param>
    /// <exception cref="DataValidationException">The folder is missing, has no class sub-folders, or fewer than two classes with pictures.</exception>
    public static ImageFolderDataset Scan(string folder, int? imageSize = null, ImageFolderDataset? like = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DataValidationException($"Image folder '{folder}' not found.") { FilePath = folder };
        }

        string root = Path.GetFullPath(folder);
        var classFolders = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
        if (classFolders.Length == 0)
        {
            throw new DataValidationException($"Image folder '{folder}' has no class sub-folders; put each class's pictures in a sub-folder named after the class (e.g. {folder}/cat/1.jpg).") { FilePath = folder };
        }

        var warnings = new List<string>();
        var rows = new List<ImageRow>();
        var notImages = new List<string>();
        int largest = 0;
        bool colour = false;
        int colourChecks = 0;
        foreach (string classFolder in classFolders)
        {
            string label = Path.GetFileName(classFolder);
            int before = rows.Count;
            foreach (string file in Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                using var image = Decode(file, out bool picture, out string? error);
                if (!picture)
                {
                    notImages.Add(Path.GetRelativePath(root, file));
                    continue;
                }

                if (image is null)
                {
                    warnings.Add($"'{Path.GetRelativePath(root, file)}' is not a readable image ({error}); skipped.");
                    continue;
                }

                largest = Math.Max(largest, Math.Max(image.Width, image.Height));
                if (!colour && colourChecks < 50)
                {
                    colourChecks++;
                    colour = IsColour(image);
                }

                rows.Add(new ImageRow(label, file));
            }

            if (rows.Count == before)
            {
                warnings.Add($"class folder '{label}' holds no readable pictures; the class is left out.");
            }
        }

        if (notImages.Count > 0)
        {
            warnings.Add($"{notImages.Count} file(s) that are not pictures (by extension; {string.Join(", ", ImageExtensions.Order())}) skipped: {string.Join(", ", notImages.Take(5))}{(notImages.Count > 5 ? ", …" : string.Empty)}.");
        }

        var classes = rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
        {
            throw new DataValidationException(classes.Length == 0
                ? $"Image folder '{folder}' holds no readable pictures in its class sub-folders."
                : $"Image folder '{folder}' has pictures of one class only ('{classes[0]}'); classification needs at least two class sub-folders.")
            { FilePath = folder };
        }

        var input = like?.Input ?? InputSpec.Image(colour ? 3 : 1, Size(imageSize, largest), Size(imageSize, largest));
        return new ImageFolderDataset(root, rows, classes, input, warnings);
    }

    /// <summary>
    /// Every readable picture under <paramref name="folder"/>, for prediction: labelled by its top sub-folder when it
    /// is in one (empty otherwise). Files that are not pictures or cannot be decoded are left out, each named in
    /// <paramref name="warnings"/>.
    /// </summary>
    /// <exception cref="DataValidationException">The folder is missing or holds no readable picture.</exception>
    public static IReadOnlyList<ImageRow> ListPictures(string folder, out IReadOnlyList<string> warnings)
    {
        if (!Directory.Exists(folder))
        {
            throw new DataValidationException($"Image folder '{folder}' not found.") { FilePath = folder };
        }

        string root = Path.GetFullPath(folder);
        var skipped = new List<string>();
        var rows = new List<ImageRow>();
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(root, file);
            using (var image = Decode(file, out bool picture, out string? error))
            {
                if (image is null)
                {
                    skipped.Add(picture ? $"'{relative}' is not a readable image ({error}); skipped." : $"'{relative}' is not a picture (by its extension); skipped.");
                    continue;
                }
            }

            int separator = relative.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
            rows.Add(new ImageRow(separator > 0 ? relative[..separator] : string.Empty, file));
        }

        warnings = skipped;
        return rows.Count > 0 ? rows : throw new DataValidationException($"Image folder '{folder}' holds no readable pictures.") { FilePath = folder };
    }

    /// <summary>
    /// The decoded picture, or null when <paramref name="file"/> is not a picture by its extension
    /// (<paramref name="isPicture"/> false) or cannot be decoded (<paramref name="error"/> says how it failed).
    /// </summary>
    private static MLImage? Decode(string file, out bool isPicture, out string? error)
    {
        isPicture = ImageExtensions.Contains(Path.GetExtension(file));
        error = null;
        if (!isPicture)
        {
            return null;
        }

        try
        {
            return MLImage.CreateFromFile(file);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e.GetType().Name;
            return null;
        }
    }

    /// <summary>The rows as an IDataView of <c>Label</c> and <c>ImagePath</c>.</summary>
    public IDataView Load(MLContext ml) => ml.Data.LoadFromEnumerable(Rows.Select(r => new ListRow { Label = r.Label, ImagePath = r.Path }));

    /// <summary>
    /// The data loader saved in model.zip: a tab-separated file with a header and the columns <c>Label</c> and
    /// <c>ImagePath</c> (the label may be empty when predicting).
    /// </summary>
    public static TextLoader CreateLoader(MLContext ml) => ml.Data.CreateTextLoader(
        [new TextLoader.Column(LabelColumn, DataKind.String, 0), new TextLoader.Column(PathColumn, DataKind.String, 1)],
        separatorChar: '\t',
        hasHeader: true,
        allowQuoting: false);

    /// <summary>Writes the rows as the tab-separated list <see cref="CreateLoader"/> reads.</summary>
    public void WriteList(string path) => WriteList(path, Rows);

    /// <summary>Writes <paramref name="rows"/> as the tab-separated list <see cref="CreateLoader"/> reads.</summary>
    public static void WriteList(string path, IEnumerable<ImageRow> rows) =>
        File.WriteAllLines(path, [$"{LabelColumn}\t{PathColumn}", .. rows.Select(r => $"{r.Label}\t{r.Path}")]);

    /// <summary>
    /// Loads, resizes and extracts the pixels of <c>ImagePath</c> into the Single vector "Features" (planes one after
    /// another, scaled to [0, 1]): ML.NET's <c>LoadImages</c>, <c>ResizeImages</c> and <c>ExtractPixels</c>.
    /// </summary>
    public IEstimator<ITransformer> CreateFeaturizer(MLContext ml, string featureColumn = "Features")
    {
        int channels = Input.Shape.Dimensions[0], height = Input.Shape.Dimensions[1], width = Input.Shape.Dimensions[2];
        return ml.Transforms.LoadImages(ImageColumn, imageFolder: string.Empty, PathColumn)
            .Append(ml.Transforms.ResizeImages(ImageColumn, width, height, ImageColumn, ImageResizingEstimator.ResizingKind.Fill))
            .Append(ml.Transforms.ExtractPixels(featureColumn, ImageColumn,
                colorsToExtract: channels == 1 ? ImagePixelExtractingEstimator.ColorBits.Red : ImagePixelExtractingEstimator.ColorBits.Rgb,
                interleavePixelColors: false, scaleImage: 1f / 255))
            .Append(ml.Transforms.DropColumns(ImageColumn));
    }

    private static int Size(int? requested, int largest) => requested ?? Math.Clamp(largest, 1, MaxDetectedSize);

    private static bool IsColour(MLImage image)
    {
        var pixels = image.Pixels;
        int step = image.BitsPerPixel / 8;
        if (step < 3)
        {
            return false;
        }

        for (int i = 0; i + 2 < pixels.Length; i += step * 7)
        {
            if (pixels[i] != pixels[i + 1] || pixels[i] != pixels[i + 2])
            {
                return true;
            }
        }

        return false;
    }

    private sealed class ListRow
    {
        public string Label { get; set; } = string.Empty;

        public string ImagePath { get; set; } = string.Empty;
    }
}
