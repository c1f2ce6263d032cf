#!/bin/bash
# The tabular-quality table of the README: each file with all trainers and with the classic ones only (lightgbm,
# fasttree, linear), same seed and budget, scored on its test file; for each run the best validation figure of each
# trainer (from trials.csv) and the winner's test metrics. Files without a test file are split 80/20 with Python's
# random.seed(1) shuffle. Usage (from the repository root):
#   bash tests/MlNetNas.Benchmarks/tabular/tabular-quality.sh [CASE ...]   (cases: optdigits breast iris digits bike taxi; default all but taxi)
# RUNS picks the runs of each case (default "all classic"; "all-bag classic-bag" add --cv-model bag, which changes
# cross-validated runs only: breast, iris and digits).
set -euo pipefail
CASES=${*:-optdigits breast iris digits bike}
RUNS=${RUNS:-all classic}
DATA=${DATA:-../shared/data}
WORK=${WORK:-/tmp/mlnet-nas-tabular}
mkdir -p "$WORK"
python3 - "$DATA" "$WORK" <<'PY'
import random, sys
data, work = sys.argv[1], sys.argv[2]
for name in ('breast_cancer', 'iris', 'digits'):
    lines = open(f'{data}/tabular/{name}.csv').read().splitlines()
    header, rows = lines[0], lines[1:]
    random.seed(1); random.shuffle(rows); n = len(rows) // 5
    open(f'{work}/{name}-test.csv', 'w').write('\n'.join([header] + rows[:n]) + '\n')
    open(f'{work}/{name}-train.csv', 'w').write('\n'.join([header] + rows[n:]) + '\n')
PY
dotnet publish src/MlNetNas.Cli -c Release -o "$WORK/cli" > /dev/null
NAS="dotnet $WORK/cli/mlnet-nas.dll"
CLASSIC=(--trainers lightgbm,fasttree,linear)
run() {
    local name=$1; shift
    /usr/bin/time -v $NAS "$@" --output "$WORK/$name" > "$WORK/$name.log" 2> "$WORK/$name.err" || echo "$name failed: see $WORK/$name.err"
    echo "== $name: $(grep -E '^validation:' "$WORK/$name.log" || true)"
    grep -E '^best|^test' "$WORK/$name.log" || true
    python3 - "$WORK/$name/trials.csv" <<'PY'
import csv, sys
best = {}
for row in list(csv.reader(open(sys.argv[1])))[1:]:  # trial, trainer, status, <metric>, ...
    if row[2] == 'completed' and row[3]:
        best[row[1]] = max(best.get(row[1], float('-inf')), float(row[3]))
print('   best validation by trainer: ' + ', '.join(f'{t} {m:.4f}' for t, m in sorted(best.items(), key=lambda kv: -kv[1])))
PY
    echo "   wall $(grep 'Elapsed (wall' "$WORK/$name.err" | awk '{print $NF}'), $(grep 'Maximum resident' "$WORK/$name.err" | sed 's/^\s*//')"
}
M=$DATA/mlnet-samples
for c in $CASES; do
  case $c in
    optdigits) A=(classification --dataset "$M/optdigits-train.csv" --test-dataset "$M/optdigits-test.csv" --label-col 64 --train-time 300 --seed 1) ;;
    breast) A=(classification --dataset "$WORK/breast_cancer-train.csv" --test-dataset "$WORK/breast_cancer-test.csv" --label-col diagnosis --train-time 120 --seed 1) ;;
    iris) A=(classification --dataset "$WORK/iris-train.csv" --test-dataset "$WORK/iris-test.csv" --label-col species --train-time 60 --seed 1) ;;
    digits) A=(classification --dataset "$WORK/digits-train.csv" --test-dataset "$WORK/digits-test.csv" --label-col digit --train-time 60 --seed 1) ;;
    bike) A=(regression --dataset "$M/bike-hour-train.csv" --test-dataset "$M/bike-hour-test.csv" --label-col cnt --ignore-cols instant,casual,registered,dteday --train-time 300 --seed 1) ;;
    taxi) A=(regression --dataset "$M/taxi-fare-train.csv" --test-dataset "$M/taxi-fare-test.csv" --label-col fare_amount --train-time 600 --seed 1) ;;
    *) echo "unknown case $c"; exit 2 ;;
  esac
  for r in $RUNS; do
    case $r in
      all) run "$c-all" "${A[@]}" ;;
      classic) run "$c-classic" "${A[@]}" "${CLASSIC[@]}" ;;
      all-bag) run "$c-all-bag" "${A[@]}" --cv-model bag ;;
      classic-bag) run "$c-classic-bag" "${A[@]}" "${CLASSIC[@]}" --cv-model bag ;;
      *) echo "unknown run $r"; exit 2 ;;
    esac
  done
done
