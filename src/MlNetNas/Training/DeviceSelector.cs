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

    /// <summary>
    /// Allows TensorFloat-32 in CUDA matmuls and cuDNN convolutions for the whole process (libtorch's flags are global):
    /// faster on Ampere and later GPUs, with products rounded to a 10-bit mantissa. The CPU ignores both flags.
    /// </summary>
    public static void AllowTf32()
    {
        TorchSharpRuntime.EnsureLoadable();
        backends.cuda.matmul.allow_tf32 = true;
        backends.cudnn.allow_tf32 = true;
    }

    /// <summary>
    /// One line saying where networks will train, e.g. "networks train on cpu (--device auto: CUDA is not available to
    /// TorchSharp here)"; on CUDA it names the TF32 state of matmuls and convolutions.
    /// </summary>
    public static string Describe(string name, bool tf32Asked = false)
    {
        var device = Resolve(name);
        bool auto = name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);
        if (device.type == TorchSharp.DeviceType.CUDA)
        {
            return $"networks train on {device} ({cuda.device_count()} CUDA device(s) visible to TorchSharp; TF32 matmuls {OnOff(backends.cuda.matmul.allow_tf32)}, convolutions {OnOff(backends.cudnn.allow_tf32)})";
        }

        string line = auto
            ? "networks train on cpu (--device auto: CUDA is not available to TorchSharp here; a GPU needs the TorchSharp-cuda-linux bundle and a driver)"
            : "networks train on cpu";
        return tf32Asked ? line + "; --tf32 applies to CUDA only" : line;
    }

    private static string OnOff(bool on) => on ? "on" : "off";
}
