using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlNetNas.Training;

/// <summary>
/// Makes TorchSharp's native glue loadable on systems whose libstdc++ predates GCC 13 (Debian 12 and
/// its derivatives). TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for the symbol version
/// <c>GLIBCXX_3.4.32</c> only for <c>std::ios_base_library_init()</c>, a marker that no relocation
/// uses; marking that version requirement weak in the file's <c>.gnu.version_r</c> section lets the
/// dynamic loader accept the file. Nothing is changed where the library already loads.
/// </summary>
public static class TorchSharpRuntime
{
    private const string GlueFileName = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private static readonly object Gate = new();
    private static bool s_done;

#pragma warning disable CA2255 // A library initializer on purpose: TorchSharp's static state fails for good if touched first.
    [ModuleInitializer]
    internal static void InitializeOnLoad()
    {
        try
        {
            EnsureLoadable();
        }
        catch (Exception)
        {
            // A module initializer must not throw; the same error surfaces from EnsureLoadable at first training.
        }
    }
#pragma warning restore CA2255

    /// <summary>
    /// Ensures TorchSharp's native glue can be loaded by this process, patching its version
    /// requirements in place when the system libstdc++ is too old. Idempotent and thread-safe.
    /// </summary>
    /// <exception cref="InvalidOperationException">The glue cannot be made loadable; the message says why.</exception>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (s_done)
            {
                return;
            }

            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                s_done = true;
                return;
            }

            string? glue = FindGlue();
            if (glue is null || NativeLibrary.TryLoad(glue, out _))
            {
                s_done = true;
                return;
            }

            try
            {
                ElfVersionPatcher.MakeVersionRequirementWeak(glue, MissingVersion);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new InvalidOperationException(
                    $"TorchSharp's native library '{glue}' needs {MissingVersion} from libstdc++, which this system lacks, " +
                    $"and the file could not be patched ({e.Message}). Make the application folder writable once, or run on a system with GCC 13's libstdc++.", e);
            }

            if (!NativeLibrary.TryLoad(glue, out _))
            {
                throw new InvalidOperationException(
                    $"TorchSharp's native library '{glue}' still does not load after marking {MissingVersion} optional; check 'ldd {glue}'.");
            }

            s_done = true;
        }
    }

    private static string? FindGlue()
    {
        var folders = new List<string> { AppContext.BaseDirectory };
        string? torchFolder = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchFolder))
        {
            folders.Add(torchFolder);
        }

        foreach (string folder in folders)
        {
            foreach (string candidate in new[]
                     {
                         Path.Combine(folder, "runtimes", "linux-x64", "native", GlueFileName),
                         Path.Combine(folder, GlueFileName),
                     })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
