#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11's table: the cats-and-dogs photos with the fixture backbone (head on its embeddings) next to
# the from-scratch cnn at 64 x 64, entropy and lada-entmix, 10 rounds, 3 seeds; prints accuracy per round
# and seconds per round (photos_summary.py).
# Usage: photos_table.sh <lada-cli> <catsdogs-root> <backbone.pt> <out-dir>
# Environment: SEEDS (default "1 2 3"), ROUNDS (default 10), EXTRA (extra lada-cli flags for every run).
set -euo pipefail
cli=$1; photos=$2; backbone=$3; out=$4
mkdir -p "$out"
for setup in head cnn64; do
    case $setup in
        head) flags=(--backbone "$backbone" --model head) ;;
        cnn64) flags=(--model cnn --image-size 64) ;;
    esac
    for strategy in entropy lada-entmix; do
        for seed in ${SEEDS:-1 2 3}; do
            name="$setup-$strategy-seed$seed"
            [[ -f "$out/$name.json.done" ]] && continue
            start=$(date +%s)
            "$cli" run --train "$photos/train" --test "$photos/test" --strategy "$strategy" "${flags[@]}" \
                --initial 20 --budget 10 --rounds "${ROUNDS:-10}" --seed "$seed" --preset cpu-fast \
                --cache-dir "$out/cache" --out "$out/$name.json" ${EXTRA:-} > "$out/$name.log" 2>&1
            touch "$out/$name.json.done"
            echo "$name: $(( $(date +%s) - start )) s"
        done
    done
done
python3 "$(dirname "$0")/photos_summary.py" "$out"
