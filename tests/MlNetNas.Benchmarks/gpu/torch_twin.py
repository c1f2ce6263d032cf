# The PyTorch twin of GpuThroughputBenchmark.cs: the same two networks, batch sizes, optimizers and timing (synthetic
# data on the device, the loss read once per timed block). Prints the same table, once with TF32 matmuls/convolutions
# allowed and once without, since the two frameworks' defaults differ.
#   python3 torch_twin.py [--steps 200] [--warmup 20]
import argparse, time, torch, torch.nn as nn

def mlp():
    return nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10))

def cnn():
    def block(i, o, s):
        return nn.Sequential(nn.Conv2d(i, o, 3, stride=s, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU())
    return nn.Sequential(block(3, 16, 1), block(16, 16, 1), block(16, 16, 1), block(16, 32, 2), block(32, 32, 1), block(32, 32, 1),
                         block(32, 64, 2), block(64, 64, 1), block(64, 64, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))

def timed(model, device, batch, shape, steps, warmup, adam):
    model = model.to(device).train()
    x = torch.randn(batch, *shape, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    opt = torch.optim.Adam(model.parameters(), 1e-3) if adam else torch.optim.SGD(model.parameters(), 0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    def step(total):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        total += loss.detach()
    warm = torch.zeros(1, device=device)
    for _ in range(warmup):
        step(warm)
    warm.item()
    total = torch.zeros(1, device=device)
    start = time.perf_counter()
    for _ in range(steps):
        step(total)
    total.item()
    return (time.perf_counter() - start) * 1000 / steps

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--warmup", type=int, default=20)
args = parser.parse_args()
device = "cuda" if torch.cuda.is_available() else "cpu"
name = torch.cuda.get_device_name(0) if device == "cuda" else "cpu"
for tf32 in (False, True):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    torch.manual_seed(1)
    print(f"PyTorch {torch.__version__}, device {name}, TF32 {'on' if tf32 else 'off'}, {args.steps} timed steps after {args.warmup} warm-up")
    print("| network | batch | ms/step | samples/s |")
    print("|---|---|---|---|")
    for label, net, batch, shape, adam in (("MLP 784-1024-1024-10, Adam", mlp(), 4096, (784,), True), ("CNN 32x32 (NB201-style skeleton), SGD", cnn(), 256, (3, 32, 32), False)):
        ms = timed(net, device, batch, shape, args.steps, args.warmup, adam)
        print(f"| {label} | {batch} | {ms:.3f} | {batch / (ms / 1000):,.0f} |")
