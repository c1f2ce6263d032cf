#!/usr/bin/env bash
# One-shot (ENAS, DARTS, GDAS) against the black-box cell search, on optdigits as 8x8 images, per seed:
# the CLI searches (black box: --train-time $BLACKBOX s; one-shot: supernet + retrain in --train-time $ONESHOT s), the
# independent model checker (../shared/tools/model-checker) scores each model.zip on optdigits-test.csv, the derived
# cell is looked up in NAS-Bench-201's CIFAR-10 200-epoch table, and /usr/bin/time gives wall seconds and peak RSS.
# Usage (from the repository root): bash tests/MlNetNas.Benchmarks/oneshot-vs-blackbox.sh [SEEDS] [METHODS]
#   SEEDS default "1 2 3"; METHODS default "blackbox enas darts gdas"; BLACKBOX=600 ONESHOT=150; OUT=/tmp/oneshot-bench
set -u
SEEDS=${1:-"1 2 3"}
METHODS=${2:-"blackbox enas darts gdas"}
BLACKBOX=${BLACKBOX:-600}
ONESHOT=${ONESHOT:-150}
OUT=${OUT:-/tmp/oneshot-bench}
. ../shared/acceptance/lib.sh
D=$SHARED/data/mlnet-samples
TABLE=$SHARED/data/nasbench201/nats_bench_200epoch_test.csv
mkdir -p "$OUT"
CLI=$(cli_dll) || exit 1   # built once: later edits of the tree do not change a running benchmark
RESULTS=$OUT/results.csv
[ -f "$RESULTS" ] || echo "method,seed,test_accuracy,wall_seconds,peak_rss_mb,cell,nb201_cifar10,supernet_accuracy,supernet_seconds,retrain_seconds,retrain_validation,stop" > "$RESULTS"
for seed in $SEEDS; do
  for m in $METHODS; do
    dir=$OUT/$m-$seed
    if [ "$m" = blackbox ]; then args=(--train-time "$BLACKBOX"); else args=(--train-time "$ONESHOT" --tuner "$m"); fi
    /usr/bin/time -f "%e %M" -o "$dir.time" dotnet "$CLI" image-classification --dataset "$D/optdigits-train.csv" --label-col 64 \
      --image-shape 8x8 --trainers cell --seed "$seed" --output "$dir" "${args[@]}" > "$dir.log" 2>&1 || { echo "$m seed $seed failed: $(tail -1 "$dir.log")"; continue; }
    acc=$(metric accuracy "$(checker_any classification "$dir/model.zip" "$D/optdigits-test.csv" 64 col64 Column64 column64 Label)")
    read -r wall rss < "$dir.time"
    row=$(python3 - "$dir/best.json" "$TABLE" <<'PY'
import csv, json, sys
best = json.load(open(sys.argv[1]))
table = {r["ArchitectureString"]: r["CIFAR10TestAccuracy200Epochs"] for r in csv.DictReader(open(sys.argv[2]))}
o = best.get("one_shot") or {}
cell = o.get("cell") or best.get("cell") or ""
look = f'{float(table[cell]):.2f}' if cell in table else ""
print(",".join(str(v) for v in [cell, look, o.get("supernet_accuracy", ""), o.get("supernet_seconds", ""), o.get("retrain_seconds", ""),
                                 o.get("retrain_validation_metric", ""), '"' + o.get("stop", "") + '"']))
PY
)
    echo "$m,$seed,$acc,$wall,$((rss / 1024)),$row" | tee -a "$RESULTS"
  done
done
echo "results: $RESULTS"
