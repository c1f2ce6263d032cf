using System.Buffers.Binary;
using System.IO.Compression;

namespace MlNetNas.Tests.Data.Images;

/// <summary>Writes small IDX files (MNIST's format) from the 8×8 optdigits rows, for the IDX reader's tests.</summary>
internal static class IdxFiles
{
    /// <summary>Writes <c>{prefix}-images-idx3-ubyte.gz</c> and <c>{prefix}-labels-idx1-ubyte.gz</c> of the first <paramref name="count"/> digits, skipping <paramref name="skip"/>; returns the images path.</summary>
    public static string WriteDigits(string folder, string prefix, int count, int skip = 0, bool gzip = true)
    {
        var rows = File.ReadLines(TestData.Path("mlnet-samples", "optdigits-train.csv")).Skip(skip).Take(count)
            .Select(l => l.Split(',').Select(int.Parse).ToArray()).ToArray();
        var images = new byte[16 + (count * 64)];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 8);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 8);
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            for (int p = 0; p < 64; p++)
            {
                images[16 + (i * 64) + p] = (byte)(rows[i][p] * 15);
            }

            labels[8 + i] = (byte)rows[i][64];
        }

        string suffix = gzip ? ".gz" : string.Empty;
        string imagesPath = Path.Combine(folder, $"{prefix}-images-idx3-ubyte{suffix}");
        Write(imagesPath, images, gzip);
        Write(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte{suffix}"), labels, gzip);
        return imagesPath;
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        using var file = File.Create(path);
        using var target = gzip ? (Stream)new GZipStream(file, CompressionLevel.Fastest) : file;
        target.Write(bytes);
    }
}
