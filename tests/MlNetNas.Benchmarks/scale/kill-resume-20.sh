#!/usr/bin/env bash
# Reliability: kill -9 a seeded search at a random moment, resume it, and again, KILLS times (default 20); then check
# that no finished trial was ever lost, the store still opens, and the final leaderboard and best trial equal those of
# the same search run without a stop. Prints what it found; exits 1 when any of it fails.
#   bash tests/MlNetNas.Benchmarks/scale/kill-resume-20.sh [KILLS] [TRIALS]
set -uo pipefail
cd "$(dirname "$0")/../../.."
KILLS=${1:-20}
TRIALS=${2:-60}
DATA=${DATA:-../shared/data/tabular/iris.csv}
WORK=$(mktemp -d /tmp/kill-resume.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
dotnet build src/MlNetNas.Cli -c Release -v q -nologo >/dev/null || exit 2
CLI="dotnet src/MlNetNas.Cli/bin/Release/net10.0/mlnet-nas.dll"
ARGS=(classification --dataset "$DATA" --label-col species --trainers linear,nas,lightgbm --seed 1 --device cpu --max-trials "$TRIALS" --train-time 3600)
finished() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from trials where status <> 'running'\").fetchone()[0])" "$1"; }
board() { python3 -c "
import csv,sys
for r in csv.DictReader(open(sys.argv[1])): print(r['trial'], r['trainer'], r['status'], r[sys.argv[2]], r['parameters'])" "$1" accuracy; }

$CLI "${ARGS[@]}" --output "$WORK/whole" >"$WORK/whole.log" 2>&1 || { echo "the uninterrupted run failed: $(tail -2 "$WORK/whole.log")"; exit 1; }
RANDOM=1
$CLI "${ARGS[@]}" --output "$WORK/k" >"$WORK/k0.log" 2>&1 &
pid=$!
lost=0; kept_before=0
for ((k = 1; k <= KILLS; k++)); do
  sleep "$(python3 -c "print(1.5 + $RANDOM % 60 / 10)")"   # 1.5 to 7.4 s in: while loading, mid-trial, or while writing
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  now=$(finished "$WORK/k/study.db" 2>&1) || { echo "kill $k: the store does not open: $now"; exit 1; }
  [ "$now" -lt "$kept_before" ] && { echo "kill $k: $((kept_before - now)) finished trials lost"; lost=1; }
  echo "kill $k: $now finished trials kept"
  kept_before=$now
  $CLI resume "$WORK/k" >"$WORK/k$k.log" 2>&1 &
  pid=$!
done
wait $pid; code=$?
[ $code -eq 0 ] || { echo "the last resume failed ($code): $(tail -2 "$WORK/k$KILLS.log")"; exit 1; }
if diff <(board "$WORK/whole/trials.csv") <(board "$WORK/k/trials.csv") >"$WORK/diff"; then same=yes; else same=no; fi
best_whole=$(grep '^best:' "$WORK/whole.log" | cut -d';' -f1); best_k=$(grep '^best:' "$WORK/k$KILLS.log" | cut -d';' -f1)
echo "after $KILLS kills: $(finished "$WORK/k/study.db") finished trials; leaderboard equal to the uninterrupted run's: $same; best: '$best_k' vs '$best_whole'"
[ "$same" = yes ] && [ "$best_whole" = "$best_k" ] && [ $lost -eq 0 ] || { head -20 "$WORK/diff"; exit 1; }
