using MlNetNas.Training;
using Xunit;

namespace MlNetNas.Tests.Training;

/// <summary>The GLIBCXX patch of TorchSharp's glue, done by many callers at once as processes started together do it.</summary>
public sealed class ElfVersionPatcherTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetnas-elf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ManyPatchersAtOnce_LeaveOneWholePatchedFile_AndNothingBeside()
    {
        // The package's own copy is the unpatched original (builds patch their bin folders' copies only).
        string? original = OriginalGlue();
        Assert.True(original is not null, "TorchSharp's libLibTorchSharp.so was not found in the NuGet packages folder");
        string alone = Path.Combine(folder, "alone.so");
        File.Copy(original!, alone);
        Assert.True(ElfVersionPatcher.MakeVersionRequirementWeak(alone, "GLIBCXX_3.4.32"), "the package's original should need the patch");
        byte[] patched = File.ReadAllBytes(alone);

        // Rounds of eight callers released together on a fresh unpatched copy: each reads, patches and renames at once.
        string shared = Path.Combine(folder, "shared.so");
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        for (int round = 0; round < 10; round++)
        {
            File.Copy(original!, shared, overwrite: true);
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    ElfVersionPatcher.MakeVersionRequirementWeak(shared, "GLIBCXX_3.4.32");
                }
                catch (Exception e)
                {
                    errors.Add(e);
                }
            })).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            Assert.Empty(errors);
            Assert.Equal(patched, File.ReadAllBytes(shared));
            Assert.Equal(["alone.so", "shared.so"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        }

        Assert.False(ElfVersionPatcher.MakeVersionRequirementWeak(shared, "GLIBCXX_3.4.32"), "a patched file is patched again");
    }

    private static string? OriginalGlue()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string torchSharp = Path.Combine(packages, "torchsharp");
        return Directory.Exists(torchSharp)
            ? Directory.GetFiles(torchSharp, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault(p => p.Contains("linux-x64", StringComparison.Ordinal))
            : null;
    }
}
