#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages LADA Workbench needs to build, test and run, skipping those present.
# Usage: packaging/install-deps.sh [--no-gui]   (run as root, or with sudo available)
set -euo pipefail

packages=(
    build-essential cmake ccache pkg-config
    libtorch-dev            # LibTorch (CPU build of Debian)
    libopenblas0-openmp     # libtorch falls back to the reference BLAS otherwise (~17x slower GEMM)
    libopencv-dev           # image decoding (PNG, JPEG, BMP, TIFF, WebP)
    nlohmann-json3-dev      # JSON for results, sessions, dataset caches
    libboost-dev            # Boost.Math (header-only): the p-values of the experiment summaries' paired tests
    libcli11-dev            # command-line parsing of lada-cli
    zlib1g-dev              # gzip'd MNIST idx files
    libfaiss-dev            # k-means (ALFA-Mix) and nearest neighbours (the t-SNE map's affinities)
    python3-sklearn         # benchmarks compare the t-SNE map with scikit-learn's Barnes-Hut
    python3                 # tests re-read exports with an independent reader
    clang-format            # .ci/check-format: the layout of .clang-format
    dpkg-dev                # dpkg-shlibdeps: cpack -G DEB writes the package's Depends from the binaries
    lintian                 # the package test checks the .deb (errors fail it)
    file                    # the package test checks that binaries are stripped and icon sizes
    clang libclang-rt-dev   # fuzz/: the libFuzzer targets (clang's -fsanitize=fuzzer, ASan, UBSan)
)
if [[ "${1:-}" != "--no-gui" ]]; then
    packages+=(
        qt6-base-dev            # Widgets, Test
        libqcustomplot-dev      # plots (Qt 6 build: libQCustomPlotQt6)
        xvfb xauth              # headless window tests and screenshots
        desktop-file-utils      # desktop-file-validate: the package test checks the desktop entry
        appstream               # appstreamcli validate: the package test checks the AppStream metainfo
        poppler-utils           # pdftotext, pdftoppm: the PDF report test reads the report back
    )
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
