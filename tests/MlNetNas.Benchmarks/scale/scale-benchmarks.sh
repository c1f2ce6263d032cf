#!/usr/bin/env bash
# Long searches and many machines, measured: trials per minute with 1, 2 and 3 processes on one SQLite study and with
# --parallel-trials 2; the resume overhead of a 200-trial study (seconds from the resume's start to its first new trial);
# the peak memory of each trial over those 200 trials. Prints what it measured; takes about 10 minutes on 2 cores.
#   bash tests/MlNetNas.Benchmarks/scale/scale-benchmarks.sh [WINDOW_SECONDS]
#   DATA=data/digits.csv LABEL=digit PARTS=throughput bash tests/MlNetNas.Benchmarks/scale/scale-benchmarks.sh 120
set -euo pipefail
cd "$(dirname "$0")/../../.."
WINDOW=${1:-60}
DATA=${DATA:-../shared/data/tabular/iris.csv}
LABEL=${LABEL:-species}
PARTS=${PARTS:-throughput,resume}
WORK=$(mktemp -d /tmp/scale-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
dotnet build src/MlNetNas.Cli -c Release -v q -nologo >/dev/null
CLI="dotnet src/MlNetNas.Cli/bin/Release/net10.0/mlnet-nas.dll"
COMMON=(classification --dataset "$DATA" --label-col "$LABEL" --trainers linear,nas,lightgbm --seed 1 --device cpu)
finished() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from trials where status <> 'running' and trainer <> 'nas-ensemble'\").fetchone()[0])" "$1"; }

echo "machine: $(nproc) cores, $(uname -sr); data: $(basename "$DATA"); window: $WINDOW s"
if [[ $PARTS == *throughput* ]]; then
echo "| processes on one study | trials in ${WINDOW} s | trials per minute |"
echo "|---|---|---|"
for n in 1 2 3; do
  db="$WORK/w$n.db"
  $CLI "${COMMON[@]}" --train-time "$WINDOW" --shared --storage "sqlite:$db" --study s --output "$WORK/w$n" >"$WORK/w$n.log" 2>&1 &
  for ((i = 1; i < n; i++)); do $CLI worker --storage "sqlite:$db" --study s --train-time "$WINDOW" >"$WORK/w$n-$i.log" 2>&1 & done
  wait
  t=$(finished "$db"); echo "| $n (1 run + $((n - 1)) workers) | $t | $(python3 -c "print(round($t * 60 / $WINDOW, 1))") |"
done
db="$WORK/p2.db"
$CLI "${COMMON[@]}" --train-time "$WINDOW" --parallel-trials 2 --storage "sqlite:$db" --study s --output "$WORK/p2" >"$WORK/p2.log" 2>&1
t=$(finished "$db"); echo "| 1 with --parallel-trials 2 | $t | $(python3 -c "print(round($t * 60 / $WINDOW, 1))") |"

fi

# A 200-trial study, killed once it has 200 finished trials, then resumed.
if [[ $PARTS == *resume* ]]; then
db="$WORK/long.db"
$CLI "${COMMON[@]}" --train-time 3600 --max-trials 205 --storage "sqlite:$db" --study long --output "$WORK/long" >"$WORK/long.log" 2>&1 &
pid=$!
until [ -f "$db" ] && [ "$(finished "$db")" -ge 200 ]; do sleep 0.5; kill -0 $pid 2>/dev/null || break; done
kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
kept=$(finished "$db")
start=$(date +%s.%N)
# Read to the end (the resume must finish and write trials.csv); the first new trial's start is printed once.
$CLI resume --storage "sqlite:$db" --study long --output "$WORK/long2" 2>&1 | { seen=""; while IFS= read -r line; do
  if [ -z "$seen" ] && [[ "$line" =~ ^trial\ +([0-9]+)\ .*running$ ]] && [ "${BASH_REMATCH[1]}" -gt "$kept" ]; then
    echo "resume of a $kept-trial study: first new trial (${BASH_REMATCH[1]}) started $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s after the resume began"
    seen=yes
  fi
done; }
echo "peak resident memory per trial over the first $kept trials (MB, from trials.csv): "
python3 - "$WORK/long2/trials.csv" "$kept" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["peak_rss_mb"] and r["trainer"] != "nas-ensemble" and int(r["trial"]) <= int(sys.argv[2])]
mb = [float(r["peak_rss_mb"]) for r in rows]
tenth = max(1, len(mb) // 10)
blocks = [round(sum(mb[i:i + tenth]) / len(mb[i:i + tenth])) for i in range(0, len(mb), tenth)]
print("  mean per tenth of the trials:", blocks)
later = blocks[1:]
print(f"  tenths 2 to 10: {min(later)} to {max(later)} MB, spread {(max(later) - min(later)) / min(later) * 100:.1f}% of the lowest")
print(f"  single trials (they differ by trainer): {min(mb):.0f} to {max(mb):.0f} MB")
PY
fi
