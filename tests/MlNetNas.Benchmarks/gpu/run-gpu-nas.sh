#!/usr/bin/env bash
# On the GPU machine: a whole NAS run of the CLI on the GPU, with 1 and then N trials at once, each for S seconds,
# sampling the GPU's memory every second (nvidia-smi) so the curve over the run's trials can be read: trials per
# minute, the best validation accuracy, and GPU memory used at the start, the peak and the end; then N at once again with
# --tf32, to see whether TensorFloat-32 pays in trials per minute without costing accuracy. Prepared on this machine:
#   bash ../shared/gpu/pack.sh src/MlNetNas.Cli/MlNetNas.Cli.csproj
#   cp tests/MlNetNas.Benchmarks/gpu/run-gpu-nas.sh data/digits.csv .gpu/
# then the device tool: run with carry [".gpu"] and the command `bash .gpu/run-gpu-nas.sh [SECONDS] [N]` (default 120, 4).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SECONDS_EACH=${1:-120}
N=${2:-4}
OUT=${OUT:-/tmp}/gpu-nas
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
python3 -c "import torch; print('PyTorch', torch.__version__, 'CUDA', torch.version.cuda)" 2>/dev/null || true
for run in 1 "$N" "$N-tf32"; do
  parallel=${run%-tf32}
  extra=(); [[ $run == *-tf32 ]] && extra=(--tf32)
  nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader,nounits -l 1 >"$OUT/memory-$run.csv" 2>/dev/null &
  sampler=$!
  bash "$HERE/run.sh" image-classification --dataset "$HERE/digits.csv" --label-col digit --image-shape 8x8 --device cuda \
    --train-time "$SECONDS_EACH" --parallel-trials "$parallel" "${extra[@]}" --seed 1 --output "$OUT/run-$run" >"$OUT/log-$run.txt" 2>&1
  kill $sampler 2>/dev/null
  trials=$(($(wc -l < "$OUT/run-$run/trials.csv") - 1))
  echo "--parallel-trials $parallel ${extra[*]}: $trials trials in $SECONDS_EACH s ($(python3 -c "print(round($trials * 60 / $SECONDS_EACH, 1))")/min); $(grep -E '^best:' "$OUT/log-$run.txt" | cut -d'(' -f1)"
  python3 - "$OUT/memory-$run.csv" <<'PY'
import sys
used = [int(l.split(",")[1]) for l in open(sys.argv[1]) if l.count(",") == 1 and l.split(",")[1].strip().isdigit()]
if used:
    print(f"  GPU memory used (MiB): start {used[0]}, peak {max(used)}, end {used[-1]}, over {len(used)} s")
PY
  grep -E "networks train on|ran out of memory" "$OUT/log-$run.txt" | head -3
done
