#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI: builds the fuzz targets (clang, ASan + UBSan) and runs each once over its committed seed corpus
# (fuzz/corpus/<target>/) and its regression inputs (fuzz/regressions/<target>/: inputs that once
# crashed), so a fixed crash stays fixed. Seconds, not minutes. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-fuzz
if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S fuzz -B $build -DCMAKE_CXX_COMPILER=clang++ > /dev/null
fi
cmake --build $build -j"$(nproc)" > /dev/null
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
total=0
for dir in fuzz/corpus/*/; do
    t=$(basename "$dir")
    inputs=("$dir"*)
    if [[ -d fuzz/regressions/$t ]]; then
        inputs+=(fuzz/regressions/$t/*)
    fi
    if ! $build/$t -runs=1 -rss_limit_mb=2048 -malloc_limit_mb=512 "${inputs[@]}" > $build/replay-$t.log 2>&1; then
        echo "fuzz replay: $t failed; its log:" >&2
        tail -40 $build/replay-$t.log >&2
        exit 1
    fi
    total=$((total + ${#inputs[@]}))
done
echo "fuzz replay: $total inputs of $(ls fuzz/corpus | wc -l) targets replayed without a finding"
