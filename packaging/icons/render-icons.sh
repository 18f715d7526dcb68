#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders resources/icons/lada-workbench.svg into the hicolor PNGs committed beside it
# (resources/icons/hicolor/<size>x<size>/lada-workbench.png). Run once after editing the SVG;
# the build installs the committed PNGs and never renders. Needs rsvg-convert (librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../.."
svg=resources/icons/lada-workbench.svg
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 16 32 48 64 128 256; do
    out=resources/icons/hicolor/${size}x${size}/lada-workbench.png
    mkdir -p "$(dirname "$out")"
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$svg" --output "$out"
    echo "render-icons: $out"
done
