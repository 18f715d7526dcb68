#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Soak (issue 14): long simulated-oracle runs with the resident memory printed every round, to show that
# memory does not grow beyond the labeled set's own growth after the first rounds.
#   [LADA_BUILD=folder] benchmarks/soak.sh <mnist-root> [cli-rounds (300)] [window-rounds (100)] [strategy (entropy)] [budget (1)]
# b = 1 keeps 300 rounds of the cpu-fast preset's 30 epochs bounded (at most 320 labels to train on) and the
# labeled set's own growth negligible (784 floats an image), so that what grows is what leaks.
# lada-cli run (cnn, the cpu-fast preset) and then the workbench (offscreen, --simulate-oracle) each get a
# fresh session; after each "round N:" line (lada-cli) or "Round N proposed" line (the window's log) the
# process's VmRSS and VmHWM are read from /proc. Prints one line per round and a summary: RSS after round 5
# and at the end, and the growth per 100 rounds. 0 rounds skips that program.
# Measured (issue 14): lada-cli flat over 300 rounds; the window's ~0.1 MiB a round of live heap is oneDNN's
# primitive cache (one primitive per new batch shape, bounded by ONEDNN_PRIMITIVE_CACHE_CAPACITY, 1,024 by
# default), found with heaptrack on two runs SIGKILLed at rounds 10 and 35 (heaptrack_print -d).
set -euo pipefail
cd "$(dirname "$0")/.."
root="${1:?usage: benchmarks/soak.sh <mnist-root> [cli-rounds] [window-rounds] [strategy]}"
cliRounds="${2:-300}"
windowRounds="${3:-100}"
strategy="${4:-entropy}"
budget="${5:-1}"
bin="${LADA_BUILD:-build}/app"  # LADA_BUILD: another build folder
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Follows a process's stderr; after each round line prints "<program> round <r> rss <MiB> peak <MiB>".
follow() {
    local program=$1 pid=$2
    while IFS= read -r line; do
        if [[ $line =~ ^[Rr]ound\ ([0-9]+)[:\ ] ]]; then
            local r=${BASH_REMATCH[1]}
            local rss hwm
            rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' /proc/"$pid"/status 2>/dev/null || echo "?")
            hwm=$(awk '/^VmHWM/ {print int($2 / 1024)}' /proc/"$pid"/status 2>/dev/null || echo "?")
            echo "$program round $r rss $rss peak $hwm"
        fi
    done
}

summarize() {
    awk -v p="$1" '$1 == p && $5 ~ /^[0-9]+$/ { r[$3] = $5; last = $3 }
        END { if (!(5 in r)) { print p ": fewer than 5 rounds"; exit }
              printf "%s: RSS %d MiB after round 5, %d MiB after round %d: %+.1f MiB per 100 rounds\n",
                     p, r[5], r[last], last, (r[last] - r[5]) * 100 / (last - 5) }' "$work/trace"
}

# Each program writes its log to a FIFO that follow reads (a coprocess's descriptors are not available in
# the pipeline's subshell).
mkfifo "$work/cli.log" "$work/window.log"
if (( cliRounds > 0 )); then
start=$(date +%s)
"$bin/lada-cli" run --train "$root/train" --test "$root/test" --strategy "$strategy" --model cnn \
    --preset cpu-fast --rounds "$cliRounds" --budget "$budget" --threads 2 --session "$work/cli-session" \
    > /dev/null 2> "$work/cli.log" &
pid=$!
follow lada-cli "$pid" < "$work/cli.log" | tee -a "$work/trace"
wait "$pid" || true
echo "lada-cli: $cliRounds rounds in $(( $(date +%s) - start )) s"
fi

if (( windowRounds > 0 )); then
start=$(date +%s)
QT_QPA_PLATFORM=offscreen "$bin/lada-workbench" --train "$root/train" --test "$root/test" --strategy "$strategy" \
    --simulate-oracle --rounds "$windowRounds" --quit-after-rounds "$windowRounds" --set threads=2 \
    --set pool-subset=1000 --set epochs=30 --set batch-size=32 --set budget="$budget" --set tsne-points=1000 \
    --session-dir "$work/window-session" > /dev/null 2> "$work/window.log" &
pid=$!
follow lada-workbench "$pid" < "$work/window.log" | tee -a "$work/trace"
wait "$pid" || true
echo "lada-workbench: $windowRounds rounds in $(( $(date +%s) - start )) s"
fi

summarize lada-cli
summarize lada-workbench
