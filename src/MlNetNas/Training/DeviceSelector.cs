using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>Chooses the TorchSharp device at run time, so the same code trains on a GPU where CUDA is present.</summary>
public static class DeviceSelector
{
    /// <summary>The names <see cref="Resolve"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cpu", "cuda"];

    /// <summary>
    /// "auto" (CUDA when available, else the CPU), "cpu", "cuda" or "cuda:N".
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was asked for and is not available.</exception>
    public static Device Resolve(string name)
    {
        TorchSharpRuntime.EnsureLoadable();
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (normalized == "cpu")
        {
            return CPU;
        }

        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new ArgumentException(
                    $"Device '{name}' was asked for, but CUDA is not available to TorchSharp here (the CPU-only native bundle is referenced, or no GPU/driver is present). Use --device auto or cpu, or reference TorchSharp-cuda-linux instead of TorchSharp-cpu.");
            }

            return device(normalized);
        }

        throw new ArgumentException($"Unknown device '{name}'; expected one of: auto, cpu, cuda, cuda:N.");
    }

    /// <summary>One line saying where networks will train, e.g. "networks train on cpu (--device auto: CUDA is not available to TorchSharp here)".</summary>
    public static string Describe(string name)
    {
        var device = Resolve(name);
        bool auto = name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);
        return device.type == TorchSharp.DeviceType.CUDA
            ? $"networks train on {device} ({cuda.device_count()} CUDA device(s) visible to TorchSharp)"
            : auto
                ? "networks train on cpu (--device auto: CUDA is not available to TorchSharp here; a GPU needs the TorchSharp-cuda-linux bundle and a driver)"
                : "networks train on cpu";
    }
}
