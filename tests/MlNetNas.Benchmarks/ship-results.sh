#!/usr/bin/env bash
# The README's "ship" results: optdigits, breast_cancer (every 5th row held out) and bike-hour, each one CLI run with a
# test file, as a user would. Prints per data set: the best single trial and the ensemble trial (validation), the
# winner's test metrics, and the five most important columns (permutation importance on the test file).
#   bash tests/MlNetNas.Benchmarks/ship-results.sh [SECONDS]   (default 120 s per data set; about 7 minutes)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${MLNETNAS_SHARED_DATA:-$ROOT/../shared/data}
SECONDS_PER_SET=${1:-120}
WORK=${SHIP_RESULTS_DIR:-$(mktemp -d /tmp/ship-results.XXXXXX)}
mkdir -p "$WORK"
dotnet build "$ROOT/src/MlNetNas.Cli" -c Release -o "$WORK/cli" >"$WORK/build.log" 2>&1 || { tail -5 "$WORK/build.log"; exit 1; }
B=$DATA/tabular/breast_cancer.csv
head -1 "$B" > "$WORK/bc-train.csv"; head -1 "$B" > "$WORK/bc-test.csv"
tail -n +2 "$B" | awk 'NR%5==0' >> "$WORK/bc-test.csv"; tail -n +2 "$B" | awk 'NR%5!=0' >> "$WORK/bc-train.csv"
run() {
  local name=$1; shift
  dotnet "$WORK/cli/mlnet-nas.dll" "$@" --train-time "$SECONDS_PER_SET" --seed 1 --output "$WORK/$name" >"$WORK/$name.log" 2>&1
  python3 - "$WORK/$name" "$name" <<'PY'
import csv, json, sys
folder, name = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f"{folder}/trials.csv")))
metric = list(rows[0].keys())[3]
lower = metric in ("logloss", "rootmeansquarederror", "meanabsoluteerror")
scored = [r for r in rows if r[metric] and r["status"] == "completed"]
single = [r for r in scored if r["trainer"] != "nas-ensemble"]
best = (min if lower else max)(single, key=lambda r: float(r[metric]))
ens = [r for r in scored if r["trainer"] == "nas-ensemble"]
best_json = json.load(open(f"{folder}/best.json"))
test = [l for l in open(f"{folder}.log") if l.startswith("test (")]
print(f"## {name}: {len(rows)} trials")
print(f"best single: trial {best['trial']} {best['trainer']} validation {metric} {float(best[metric]):.4f}")
print("ensemble: " + (f"validation {metric} {float(ens[0][metric]):.4f} ({ens[0]['architecture']})" if ens else "none selected (no two members improved the validation log loss)"))
print(f"winner: trial {best_json['trial']} {best_json['trainer']}; " + (test[0].split(': ', 1)[1].strip() if test else "no test line"))
fi = best_json.get("feature_importance")
if fi:
    top = ", ".join(f"{c['column']} {c['drop']:.4f}" for c in fi["columns"][:5])
    print(f"importance ({fi['data']}, drop of {fi['metric']} from {fi['baseline']:.4f}): {top}" + (f"; {len(fi['unscored'])} unscored" if fi['unscored'] else ""))
PY
}
run optdigits classification --dataset "$DATA/mlnet-samples/optdigits-train.csv" --test-dataset "$DATA/mlnet-samples/optdigits-test.csv" --label-col 64
run breast_cancer classification --dataset "$WORK/bc-train.csv" --test-dataset "$WORK/bc-test.csv" --label-col diagnosis
run bike-hour regression --dataset "$DATA/mlnet-samples/bike-hour-train.csv" --test-dataset "$DATA/mlnet-samples/bike-hour-test.csv" --label-col cnt --ignore-cols instant,casual,registered,dteday
echo "outputs in $WORK"
