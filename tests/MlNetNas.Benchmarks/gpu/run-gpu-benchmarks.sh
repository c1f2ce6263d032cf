#!/usr/bin/env bash
# On the GPU machine: the TorchSharp throughput benchmark (packed into .gpu/ by ../shared/gpu/pack.sh) and its PyTorch
# twin, one after the other, and the GPU's name. From the project root on this machine:
#   bash ../shared/gpu/pack.sh tests/MlNetNas.Benchmarks/MlNetNas.Benchmarks.csproj
#   cp tests/MlNetNas.Benchmarks/gpu/torch_twin.py tests/MlNetNas.Benchmarks/gpu/run-gpu-benchmarks.sh .gpu/
# then the device tool: run with carry [".gpu"] and the command `bash .gpu/run-gpu-benchmarks.sh`.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
bash "$HERE/run.sh" gpu-throughput --device ${DEVICE:-auto} --steps ${STEPS:-200} --warmup ${WARMUP:-20}
python3 "$HERE/torch_twin.py" --steps ${STEPS:-200} --warmup ${WARMUP:-20}
