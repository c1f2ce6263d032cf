#!/usr/bin/env bash
# The budget cases of "Budgets, memory and inputs", run with the Release CLI as a user would, one after another (no
# other load: they are timed). Prints one row per case: budget, process wall seconds, longest trial, peak resident memory.
#   bash tests/MlNetNas.Benchmarks/budget-cases.sh [wide taxi digits digits-all]   (default: the first three, about 8 minutes)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${MLNETNAS_SHARED_DATA:-$ROOT/../shared/data}/mlnet-samples
WORK=$(mktemp -d /tmp/budget-cases.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
dotnet build "$ROOT/src/MlNetNas.Cli" -c Release -o "$WORK/cli" >"$WORK/build.log" 2>&1 || { tail -5 "$WORK/build.log"; exit 1; }
python3 - "$WORK/wide.csv" <<'PY'
import random, sys
r = random.Random(1)
with open(sys.argv[1], 'w') as f:
    f.write(','.join(f'f{i}' for i in range(2000)) + ',y\n')
    for i in range(300):
        f.write(','.join(str(r.random()) for _ in range(2000)) + ',' + str(i % 3) + '\n')
PY
longest() {
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
t = max(rows, key=lambda r: float(r['seconds']))
cancelled = sum(r['status'] == 'cancelled' for r in rows)
print(f"{len(rows)} | {t['trainer']} {float(t['seconds']):.1f} s ({t['status']}) | {cancelled}")
PY
}
run() {
  local name=$1 budget=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/$name.time" dotnet "$WORK/cli/mlnet-nas.dll" "$@" --train-time "$budget" --seed 1 --output "$WORK/$name" >"$WORK/$name.log" 2>&1 \
    || { echo "| $name | $budget | failed: $(tail -1 "$WORK/$name.log") |"; return; }
  read -r wall kb < "$WORK/$name.time"
  echo "| $name | $budget | $wall | $(longest "$WORK/$name/trials.csv") | $((kb / 1024)) |"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
echo "| case | budget s | wall s | trials | longest trial | cancelled | peak RSS MB |"
echo "|---|---|---|---|---|---|---|"
for c in ${@:-wide taxi digits}; do
  case $c in
    wide) run wide 20 classification --dataset "$WORK/wide.csv" --label-col y ;;
    taxi) run taxi-with-test 60 regression --dataset "$DATA/taxi-fare-train.csv" --test-dataset "$DATA/taxi-fare-test.csv" --label-col fare_amount ;;
    digits) run optdigits-classic 300 classification --dataset "$DATA/optdigits-train.csv" --label-col 64 --trainers lightgbm,fasttree,linear ;;
    digits-all) run optdigits-all 300 classification --dataset "$DATA/optdigits-train.csv" --label-col 64 ;;
    *) echo "unknown case $c (wide, taxi, digits, digits-all)"; exit 2 ;;
  esac
done
