# The PyTorch twin of GpuThroughputBenchmark.cs: the same two networks, batch sizes, optimizers and timing (synthetic
# data on the device, the loss read once per timed block). Prints the same table in the same precisions: float32 with
# TF32 off and on (the two frameworks' defaults may differ), bfloat16 weights and data (the manual cast TorchSharp
# allows), and, as PyTorch's own reference, bfloat16 autocast with float32 weights (TorchSharp 0.107 has no autocast).
#   python3 torch_twin.py [--steps 200] [--warmup 20]
import argparse, time, torch, torch.nn as nn

def mlp():
    return nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10))

def cnn():
    def block(i, o, s):
        return nn.Sequential(nn.Conv2d(i, o, 3, stride=s, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU())
    return nn.Sequential(block(3, 16, 1), block(16, 16, 1), block(16, 16, 1), block(16, 32, 2), block(32, 32, 1), block(32, 32, 1),
                         block(32, 64, 2), block(64, 64, 1), block(64, 64, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))

def timed(model, device, batch, shape, steps, warmup, adam, dtype, autocast):
    model = model.to(device).to(dtype).train()
    x = torch.randn(batch, *shape, device=device, dtype=dtype)
    y = torch.randint(0, 10, (batch,), device=device)
    opt = torch.optim.Adam(model.parameters(), 1e-3) if adam else torch.optim.SGD(model.parameters(), 0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    def step(total):
        opt.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=autocast):
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        total += loss.detach().float()
    warm = torch.zeros(1, device=device)
    for _ in range(warmup):
        step(warm)
    warm.item()
    total = torch.zeros(1, device=device)
    start = time.perf_counter()
    for _ in range(steps):
        step(total)
    loss_sum = total.item()
    return (time.perf_counter() - start) * 1000 / steps, loss_sum / steps

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--warmup", type=int, default=20)
args = parser.parse_args()
device = "cuda" if torch.cuda.is_available() else "cpu"
name = torch.cuda.get_device_name(0) if device == "cuda" else "cpu"
print(f"PyTorch {torch.__version__}, device {name}, {args.steps} timed steps after {args.warmup} warm-up")
print("| network | batch | precision | ms/step | samples/s | mean loss |")
print("|---|---|---|---|---|---|")
for precision, tf32, dtype, autocast in (("fp32, TF32 off", False, torch.float32, False), ("fp32, TF32 on", True, torch.float32, False),
                                         ("bf16 weights", False, torch.bfloat16, False), ("bf16 autocast", False, torch.float32, True)):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    for label, net, batch, shape, adam in (("MLP 784-1024-1024-10, Adam", mlp, 4096, (784,), True), ("CNN 32x32 (NB201-style skeleton), SGD", cnn, 256, (3, 32, 32), False)):
        torch.manual_seed(1)
        ms, loss = timed(net(), device, batch, shape, args.steps, args.warmup, adam, dtype, autocast)
        print(f"| {label} | {batch} | {precision} | {ms:.3f} | {batch / (ms / 1000):,.0f} | {loss:.4f} |")
