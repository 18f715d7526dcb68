#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Rebuilds the seed corpora fuzz/corpus/<target>/ from the real data in ../shared/data, the test fixtures
# and files the real writers produce (a tiny lada-cli session, its exports, its dataset cache). The
# corpora are committed; run this only to refresh them. Needs a built build/app/lada-cli and
# /usr/bin/python3 with numpy and PIL (python3-numpy, python3-pil).
# Usage: fuzz/make-corpora.sh [shared-data-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared/data}"
cli=build/app/lada-cli
out=fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$out"
mkdir -p "$out"/{fuzz_idx,fuzz_cifar,fuzz_dataset_cache,fuzz_csv_manifest,fuzz_image_header,fuzz_label_journal,fuzz_label_file,fuzz_session_json,fuzz_backbone_sidecar}

# Real images: 3 MNIST digits of 2 classes, 2 CIFAR images, 3 photos.
tar -tzf "$shared/mnist-png.tar.gz" > "$work/mnist.list"
{ echo train.csv; awk '/^train\/0\/[^\/]+\.png$/ && n++ < 3' "$work/mnist.list"
  awk '/^train\/7\/[^\/]+\.png$/ && n++ < 2' "$work/mnist.list"; } > "$work/mnist.pick"
tar -xzf "$shared/mnist-png.tar.gz" -C "$work" -T "$work/mnist.pick"
tar -tzf "$shared/cifar10-subset.tar.gz" | awk '/\.(jpg|png)$/ && n++ < 2' > "$work/cifar.list"
tar -xzf "$shared/cifar10-subset.tar.gz" -C "$work" -T "$work/cifar.list"
tar -tzf "$shared/catsdogs-photos.tar.gz" | awk '/\.jpe?g$/ && n++ < 3' > "$work/photos.list"
tar -xzf "$shared/catsdogs-photos.tar.gz" -C "$work" -T "$work/photos.list"

/usr/bin/python3 - "$work" "$out" <<'PY'
import gzip, os, struct, sys
import numpy as np
from PIL import Image
work, out = sys.argv[1], sys.argv[2]
pngs = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(work, "train")) for f in fs if f.endswith(".png"))[:5]
images = np.stack([np.asarray(Image.open(p).convert("L")) for p in pngs])
labels = np.array([int(os.path.basename(os.path.dirname(p))) for p in pngs], dtype=np.uint8)
idx3 = struct.pack(">IIII", 0x803, len(images), 28, 28) + images.tobytes()
idx1 = struct.pack(">II", 0x801, len(labels)) + labels.tobytes()
for name, data in [("images-idx3", idx3), ("labels-idx1", idx1)]:
    open(os.path.join(out, "fuzz_idx", name), "wb").write(data)
    open(os.path.join(out, "fuzz_idx", name + ".gz"), "wb").write(gzip.compress(data, mtime=0))
classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
jpgs = [l.strip() for l in open(os.path.join(work, "cifar.list"))]
records = b""
for j in jpgs:
    rgb = np.asarray(Image.open(os.path.join(work, j)).convert("RGB").resize((32, 32)))
    label = classes.index(j.split("/")[-2]) if j.split("/")[-2] in classes else 0
    records += bytes([label]) + rgb.transpose(2, 0, 1).tobytes()
open(os.path.join(out, "fuzz_cifar", "cifar10-2-records"), "wb").write(records)
open(os.path.join(out, "fuzz_cifar", "cifar100-1-record"), "wb").write(bytes([3]) + records[:3073])
# Image headers: the first 4 KiB of real photos (the sniffer reads a file's start).
for i, p in enumerate(l.strip() for l in open(os.path.join(work, "photos.list"))):
    open(os.path.join(out, "fuzz_image_header", f"photo-{i}.jpg"), "wb").write(open(os.path.join(work, p), "rb").read(4096))
PY

cp tests/data/mixed/*/* tests/data/broken/*/*.png tests/data/broken/7/garbage.jpg "$out/fuzz_image_header/" 2>/dev/null || true
head -21 "$work/train.csv" > "$out/fuzz_csv_manifest/mnist-train-head.csv"
printf 'label,filepath\n3,a.png\n7,sub/b.png\n' > "$out/fuzz_csv_manifest/columns-swapped.csv"
printf 'filepath\nx.png\ny.png\n' > "$out/fuzz_csv_manifest/unlabeled.csv"
cp tests/data/labelstudio/* "$out/fuzz_label_file/"
cp tests/data/backbones/*.json "$out/fuzz_backbone_sidecar/"
cp tests/data/session/v1_cli/session.json "$out/fuzz_session_json/v1-cli.json"

# A tiny real session through lada-cli: its session.json, journal, exports and dataset cache.
mkdir -p "$work/tiny"
for d in "$work"/train/*/; do
    c=$(basename "$d"); mkdir -p "$work/tiny/$c"; cp "$d"/*.png "$work/tiny/$c/"
done
"$cli" run --train "$work/tiny" --strategy random --model cnn --initial 2 --budget 1 --rounds 1 --epochs 1 \
    --session "$work/session" --cache-dir "$work/cache" --out "$work/result.json" > /dev/null
cp "$work/session/session.json" "$out/fuzz_session_json/v2-cli.json"
cp "$work/session/labels.jsonl" "$out/fuzz_label_journal/labels.jsonl"
find "$work/cache" -name '*.ladacache' -exec cp {} "$out/fuzz_dataset_cache/" \;
for pair in csv:csv jsonl:jsonl labelstudio:json; do
    format=${pair%%:*}
    "$cli" export --session "$work/session" --format "$format" --out "$out/fuzz_label_file/lada-$format.${pair##*:}" > /dev/null
done
rm -f "$out"/fuzz_label_file/*.xml  # the Label Studio labeling config written beside the tasks
du -sh "$out"; find "$out" -type f | wc -l
