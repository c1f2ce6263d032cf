#!/bin/bash
# Text classification NAS against classic-only, same budget and seed (the README's "Text classification" table).
# Splits SMS spam and corefx issues 80/20 with Python's random.seed(1) shuffle, runs each file with all trainers and with
# linear,lightgbm only, prints the best trial, the test metrics and the peak memory of each run, then the text model's
# scoring speed. Usage (from the repository root): bash tests/MlNetNas.Benchmarks/text/text-benchmarks.sh [SMS_SECONDS] [COREFX_SECONDS]
set -euo pipefail
SMS_SECONDS=${1:-240}
COREFX_SECONDS=${2:-600}
DATA=${DATA:-../shared/data/mlnet-samples}
WORK=${WORK:-/tmp/mlnet-nas-text}
mkdir -p "$WORK"
python3 - "$DATA" "$WORK" <<'PY'
import csv, random, sys
data, work = sys.argv[1], sys.argv[2]
lines = open(f'{data}/SMSSpamCollection.tsv', encoding='utf-8').read().splitlines()
random.seed(1); random.shuffle(lines); n = len(lines) // 5
open(f'{work}/sms-test.tsv', 'w').write('\n'.join(lines[:n]) + '\n')
open(f'{work}/sms-train.tsv', 'w').write('\n'.join(lines[n:]) + '\n')
csv.field_size_limit(10**9)
rows = list(csv.reader(open(f'{data}/corefx-issues-train.tsv', encoding='utf-8', newline=''), delimiter='\t'))
header, rows = rows[0], rows[1:]
random.seed(1); random.shuffle(rows); n = len(rows) // 5
for name, part in (('test', rows[:n]), ('train', rows[n:])):
    with open(f'{work}/corefx-{name}.tsv', 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, delimiter='\t', lineterminator='\n'); w.writerow(header); w.writerows(part)
PY
dotnet publish src/MlNetNas.Cli -c Release -o "$WORK/cli" > /dev/null
dotnet build tests/MlNetNas.Benchmarks -c Release > /dev/null
NAS="dotnet $WORK/cli/mlnet-nas.dll"
run() {
    local name=$1; shift
    /usr/bin/time -v $NAS "$@" --output "$WORK/$name" > "$WORK/$name.log" 2> "$WORK/$name.err" || echo "$name failed: see $WORK/$name.err"
    echo "== $name"; grep -E '^best|^test' "$WORK/$name.log" || true
    grep 'Maximum resident' "$WORK/$name.err" | sed 's/^\s*/   /'
}
SMS=(text-classification --dataset "$WORK/sms-train.tsv" --test-dataset "$WORK/sms-test.tsv" --label-col 0 --seed 1)
COREFX=(text-classification --dataset "$WORK/corefx-train.tsv" --test-dataset "$WORK/corefx-test.tsv" --label-col Area --text-col Title,Description --ignore-cols ID --seed 1)
run sms-all "${SMS[@]}" --train-time "$SMS_SECONDS"
run sms-classic "${SMS[@]}" --train-time "$SMS_SECONDS" --trainers linear,lightgbm
run sms-text "${SMS[@]}" --train-time 60 --trainers text --max-trials 1
run corefx-all "${COREFX[@]}" --train-time "$COREFX_SECONDS"
run corefx-classic "${COREFX[@]}" --train-time "$COREFX_SECONDS" --trainers linear,lightgbm
run detox text-classification --dataset "$DATA/wikipedia-detox-250-line-data.tsv" --label-col Sentiment --train-time 30 --seed 1
dotnet tests/MlNetNas.Benchmarks/bin/Release/net10.0/MlNetNas.Benchmarks.dll scoring --model "$WORK/sms-text" --dataset "$WORK/sms-test.tsv"
