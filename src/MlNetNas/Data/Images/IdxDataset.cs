using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;

namespace MlNetNas.Data.Images;

/// <summary>
/// Images and labels in the IDX format of MNIST and Fashion-MNIST (gzipped or not): an <c>idx3</c> file of
/// N × H × W unsigned bytes and, beside it, the <c>idx1</c> file of N label bytes
/// (<c>train-images-idx3-ubyte.gz</c> goes with <c>train-labels-idx1-ubyte.gz</c>). As data it is the vector column
/// <c>Pixels</c> (0–255, row by row) and the text column <c>Label</c>; the model.zip of an IDX search reads the same
/// values as CSV rows of H·W pixels followed by the label (<see cref="CreateLoader"/>).
/// </summary>
public sealed class IdxDataset
{
    /// <summary>The pixel vector column.</summary>
    public const string PixelColumn = "Pixels";

    /// <summary>The label column.</summary>
    public const string LabelColumn = "Label";

    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    private IdxDataset(string imagesPath, string labelsPath, int height, int width, float[][] pixels, string[] labels)
    {
        ImagesPath = imagesPath;
        LabelsPath = labelsPath;
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>The images file.</summary>
    public string ImagesPath { get; }

    /// <summary>The labels file found beside it.</summary>
    public string LabelsPath { get; }

    /// <summary>Rows of each image.</summary>
    public int Height { get; }

    /// <summary>Columns of each image.</summary>
    public int Width { get; }

    /// <summary>Each image's pixels, row by row.</summary>
    public IReadOnlyList<float[]> Pixels { get; }

    /// <summary>Each image's label (the class number as text).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The network input: one grey plane of <see cref="Height"/> × <see cref="Width"/>.</summary>
    public InputSpec Input => InputSpec.Image(1, Height, Width);

    /// <summary>Whether <paramref name="path"/> names an IDX images file (by its name: "…idx3-ubyte", optionally ".gz").</summary>
    public static bool IsIdxImages(string path) =>
        Path.GetFileName(path).Contains("idx3", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads an images file and the labels file beside it.</summary>
    /// <exception cref="DataValidationException">A file is missing, is not IDX, or the two disagree on the count.</exception>
    public static IdxDataset Read(string imagesPath)
    {
        string labelsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(imagesPath))!,
            Path.GetFileName(imagesPath).Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase).Replace("images.idx3", "labels.idx1", StringComparison.OrdinalIgnoreCase));
        foreach (string path in new[] { imagesPath, labelsPath })
        {
            if (!File.Exists(path))
            {
                throw new DataValidationException(path == imagesPath
                    ? $"IDX file '{path}' not found."
                    : $"The labels of '{imagesPath}' were expected beside it, as '{Path.GetFileName(labelsPath)}', which is not there.")
                { FilePath = path };
            }
        }

        byte[] images = ReadAll(imagesPath);
        byte[] labels = ReadAll(labelsPath);
        if (images.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(images) != ImagesMagic)
        {
            throw new DataValidationException($"'{imagesPath}' is not an IDX images file (expected the magic number 0x00000803: unsigned bytes, 3 dimensions).") { FilePath = imagesPath };
        }

        if (labels.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(labels) != LabelsMagic)
        {
            throw new DataValidationException($"'{labelsPath}' is not an IDX labels file (expected the magic number 0x00000801).") { FilePath = labelsPath };
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4));
        int height = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8));
        int width = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        int labelCount = BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4));
        if (count < 1 || height < 1 || width < 1 || images.Length != 16 + ((long)count * height * width))
        {
            throw new DataValidationException($"'{imagesPath}' declares {count} images of {height}×{width} but holds {images.Length - 16} pixel bytes; the file is truncated or damaged.") { FilePath = imagesPath };
        }

        if (labelCount != count || labels.Length != 8 + labelCount)
        {
            throw new DataValidationException($"'{labelsPath}' holds {labels.Length - 8} labels (declares {labelCount}) for the {count} images of '{imagesPath}'.") { FilePath = labelsPath };
        }

        int size = height * width;
        var pixels = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var row = pixels[i] = new float[size];
            var source = images.AsSpan(16 + (i * size), size);
            for (int p = 0; p < size; p++)
            {
                row[p] = source[p];
            }
        }

        var text = Enumerable.Range(0, count).Select(i => labels[8 + i].ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new IdxDataset(Path.GetFullPath(imagesPath), labelsPath, height, width, pixels, text);
    }

    /// <summary>The images as an IDataView of <c>Pixels</c> (Single vector of H·W) and <c>Label</c> (text).</summary>
    public IDataView Load(MLContext ml)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Height * Width);
        return ml.Data.LoadFromEnumerable(Pixels.Select((p, i) => new Row { Pixels = p, Label = Labels[i] }), definition);
    }

    /// <summary>The loader saved in model.zip: comma-separated rows of H·W pixel values and then the label, no header.</summary>
    public TextLoader CreateLoader(MLContext ml) => ml.Data.CreateTextLoader(
        [new TextLoader.Column(PixelColumn, DataKind.Single, 0, (Height * Width) - 1), new TextLoader.Column(LabelColumn, DataKind.String, Height * Width)],
        separatorChar: ',',
        hasHeader: false);

    private static byte[] ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        using var source = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (Stream)new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        try
        {
            source.CopyTo(memory);
        }
        catch (InvalidDataException e)
        {
            throw new DataValidationException($"'{path}' is not a readable gzip file ({e.Message}).", e) { FilePath = path };
        }

        return memory.ToArray();
    }

    private sealed class Row
    {
        public float[] Pixels { get; set; } = [];

        public string Label { get; set; } = string.Empty;
    }
}
