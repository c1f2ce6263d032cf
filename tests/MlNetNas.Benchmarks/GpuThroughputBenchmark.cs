using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNas.Benchmarks;

/// <summary>
/// Training throughput of two fixed networks in TorchSharp, on the device MlNetNas would pick (CUDA when present), with
/// synthetic data resident on the device: an MLP 784-1024-1024-10 (batch 4096, Adam) and a small NAS-Bench-201-style CNN
/// on 3×32×32 (stem 16 channels, three stages of conv-BN-ReLU with stride-2 reductions, global pooling, batch 256, SGD).
/// The loss is read once per timed block, not per step. Each network runs in three precisions: float32 with TF32 off
/// (libtorch's matmul default), float32 with TF32 matmuls and convolutions allowed, and bfloat16 weights and data
/// (TorchSharp 0.107 has no autocast, so manual casts are the mixed-precision path it allows). On the CPU the TF32 flags
/// change nothing. <c>gpu/torch_twin.py</c> runs the same networks and precisions in PyTorch (and autocast there).
/// </summary>
internal static class GpuThroughputBenchmark
{
    public static int Run(string deviceName, int steps, int warmup)
    {
        var device = MlNetNas.Training.DeviceSelector.Resolve(deviceName);
        Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, device {device}{(device.type == DeviceType.CUDA ? $" ({cuda.device_count()} visible)" : string.Empty)}, {steps} timed steps after {warmup} warm-up");
        Console.WriteLine("| network | batch | precision | ms/step | samples/s | mean loss |");
        Console.WriteLine("|---|---|---|---|---|---|");
        bool matmulTf32 = backends.cuda.matmul.allow_tf32, cudnnTf32 = backends.cudnn.allow_tf32;
        try
        {
            foreach (var (precision, tf32, type) in new[] { ("fp32, TF32 off", false, ScalarType.Float32), ("fp32, TF32 on", true, ScalarType.Float32), ("bf16 weights", false, ScalarType.BFloat16) })
            {
                backends.cuda.matmul.allow_tf32 = tf32;
                backends.cudnn.allow_tf32 = tf32;
                random.manual_seed(1);
                Report("MLP 784-1024-1024-10, Adam", 4096, precision, Time(Mlp(), device, type, 4096, [784], steps, warmup, adam: true));
                random.manual_seed(1);
                Report("CNN 32x32 (NB201-style skeleton), SGD", 256, precision, Time(Cnn(), device, type, 256, [3, 32, 32], steps, warmup, adam: false));
            }
        }
        finally
        {
            backends.cuda.matmul.allow_tf32 = matmulTf32;
            backends.cudnn.allow_tf32 = cudnnTf32;
        }

        return 0;
    }

    private static void Report(string name, int batch, string precision, (double MsPerStep, double MeanLoss) timing) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {batch} | {precision} | {timing.MsPerStep:F3} | {batch / (timing.MsPerStep / 1000):N0} | {timing.MeanLoss:F4} |"));

    private static nn.Module<Tensor, Tensor> Mlp() => nn.Sequential(
        nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10));

    private static nn.Module<Tensor, Tensor> Cnn()
    {
        static nn.Module<Tensor, Tensor> Block(int input, int output, int stride) => nn.Sequential(
            nn.Conv2d(input, output, 3, stride: stride, padding: 1, bias: false), nn.BatchNorm2d(output), nn.ReLU());
        return nn.Sequential(
            Block(3, 16, 1), Block(16, 16, 1), Block(16, 16, 1),
            Block(16, 32, 2), Block(32, 32, 1), Block(32, 32, 1),
            Block(32, 64, 2), Block(64, 64, 1), Block(64, 64, 1),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10));
    }

    private static (double MsPerStep, double MeanLoss) Time(nn.Module<Tensor, Tensor> model, Device device, ScalarType type, int batch, long[] shape, int steps, int warmup, bool adam)
    {
        model.to(device);
        model.to(type);
        model.train();
        using var x = randn([batch, .. shape], dtype: type, device: device);
        using var y = randint(0, 10, [batch], device: device);
        using optim.Optimizer optimizer = adam ? optim.Adam(model.parameters(), 1e-3) : optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        using var lossFunction = nn.CrossEntropyLoss();
        void Step(Tensor total)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = lossFunction.forward(model.forward(x), y);
            loss.backward();
            optimizer.step();
            total.add_(loss.detach().to(ScalarType.Float32));
        }

        using var warm = zeros(1, device: device);
        for (int i = 0; i < warmup; i++)
        {
            Step(warm);
        }

        _ = warm.item<float>(); // waits for the warm-up steps
        using var total = zeros(1, device: device);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            Step(total);
        }

        float sum = total.item<float>(); // one synchronisation for the whole block
        clock.Stop();
        if (!float.IsFinite(sum))
        {
            throw new InvalidOperationException("the benchmark's loss diverged");
        }

        return (clock.Elapsed.TotalMilliseconds / steps, sum / steps);
    }
}
