#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fuzzes every parser target for SECONDS each (default 60), one after another, starting from the committed
# seed corpora. Grown corpora, logs and any crashing inputs go to build-fuzz/{corpus,logs,findings}/<target>/;
# a crash found is a bug to fix: copy its input to fuzz/regressions/<target>/ so the replay keeps it fixed.
# Prints one line per target: executions, executions per second, coverage (edges), features, corpus size,
# and the crashes found. Usage: fuzz/run-fuzzers.sh [SECONDS] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build=build-fuzz
if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S fuzz -B $build -DCMAKE_CXX_COMPILER=clang++ > /dev/null
fi
cmake --build $build -j"$(nproc)" > /dev/null
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=($(ls fuzz/corpus))
fi
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
printf '%-20s %12s %9s %7s %8s %7s %8s\n' target executions exec/s cov features corpus crashes
for t in "${targets[@]}"; do
    mkdir -p $build/corpus/$t $build/logs $build/findings/$t
    cp -n fuzz/corpus/$t/* $build/corpus/$t/ 2>/dev/null || true
    # -rss_limit_mb / -malloc_limit_mb: an allocation a header merely claims shows up as a finding.
    set +e
    $build/$t $build/corpus/$t -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -timeout=10 -print_final_stats=1 -artifact_prefix=$build/findings/$t/ > $build/logs/$t.log 2>&1
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' $build/logs/$t.log | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' $build/logs/$t.log | tail -1)
    last=$(grep -E '^#[0-9]+' $build/logs/$t.log | tail -1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<< "$last")
    crashes=$(find $build/findings/$t -type f | wc -l)
    printf '%-20s %12s %9s %7s %8s %7s %8s\n' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" \
        "$(ls $build/corpus/$t | wc -l)" "$crashes"
done
