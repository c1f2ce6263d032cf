using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlNetNas.Cli;

/// <summary>
/// A fingerprint of a run's data files, kept with its study so that resuming on changed data is refused: each file's
/// name, size and SHA-256 (the first 16 hex digits); an image folder's file count, total size and a hash of its
/// files' relative names and sizes (hashing every picture would cost more than the check is worth).
/// </summary>
internal static class DataFingerprint
{
    /// <summary>The fingerprint of the given files or folders (nulls skipped), one "role name size hash" entry each.</summary>
    public static string Of(params (string Role, string? Path)[] inputs)
    {
        var parts = new List<string>();
        foreach (var (role, path) in inputs)
        {
            if (path is null)
            {
                continue;
            }

            parts.Add(Directory.Exists(path) ? $"{role} {OfFolder(path)}" : $"{role} {OfFile(path)}");
        }

        return string.Join("; ", parts);
    }

    private static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        string hash = Convert.ToHexString(SHA256.HashData(stream))[..16].ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} {stream.Length} bytes sha256:{hash}");
    }

    private static string OfFolder(string path)
    {
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(path, f).Replace('\\', '/'), Size: new FileInfo(f).Length))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        string listing = string.Join("\n", files.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}\t{f.Size}")));
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(listing)))[..16].ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}/ {files.Length} files {files.Sum(f => f.Size)} bytes listing-sha256:{hash}");
    }
}
