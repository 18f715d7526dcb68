#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's quick start. Installs missing Debian packages, builds (Release, ccache when present), then
#   (no argument) runs the workbench's main job on the bundled MNIST sample;
#   --test        runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

packaging/install-deps.sh
# ccache (when present) keys objects by paths relative to the checkout, so another clone reuses them.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"

if [[ "$mode" == "--test" ]]; then
    # Two at a time on 2 cores (many tests wait on processes and events); the tests that measure time
    # (latency, 300 s function limits) are RUN_SERIAL in tests/CMakeLists.txt and run alone.
    ctest --test-dir build --output-on-failure --timeout 1200 -j"$(nproc)"
    exit $?
fi

sample=resources/sample/mnist
if [[ -x build/app/lada-workbench && -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    exec build/app/lada-workbench --train "$sample/train" --test "$sample/test" --strategy lada-entmix
fi
echo "quickstart: no display for the workbench; running the same job headless with lada-cli" >&2
exec build/app/lada-cli run --train "$sample/train" --test "$sample/test" --strategy lada-entmix \
    --model cnn --rounds 5 --budget 10 --initial 20 --epochs 20 --pool-subset 500 --out build/quickstart.json
