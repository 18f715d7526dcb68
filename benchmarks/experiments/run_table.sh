#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs lada-cli for several strategies and seeds on MNIST and prints the mean +- std table.
# Usage: run_table.sh <lada-cli> <mnist-root> <out-dir> <rounds> <strategy...>
# Environment: SEEDS (default "1 2 3"), EXTRA (extra lada-cli flags).
set -euo pipefail
cli=$1; mnist=$2; out=$3; rounds=$4; shift 4
mkdir -p "$out"
for strategy in "$@"; do
    for seed in ${SEEDS:-1 2 3}; do
        json="$out/$strategy-seed$seed.json"
        [[ -f "$json.done" ]] && continue
        start=$(date +%s)
        "$cli" run --train "$mnist/train" --test "$mnist/test" --strategy "$strategy" --model cnn \
            --initial 20 --budget 10 --rounds "$rounds" --seed "$seed" --cache-dir "$out/cache" \
            --out "$json" ${EXTRA:-} > "$out/$strategy-seed$seed.log" 2>&1
        touch "$json.done"
        echo "$strategy seed $seed: $(( $(date +%s) - start )) s"
    done
done
python3 "$(dirname "$0")/summarize.py" "$out"/*.json
