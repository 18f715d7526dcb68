#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Accuracy per round (mean ± std over seeds) and seconds per round for photos_table.sh's runs.
Usage: photos_summary.py <out-dir>"""
import glob, json, os, re, statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*-seed*.json"))):
    name = re.sub(r"-seed\d+\.json$", "", os.path.basename(path))
    with open(path) as f:
        runs[name].append(json.load(f))

def ms(values):
    m = statistics.mean(values) * 100
    s = statistics.stdev(values) * 100 if len(values) > 1 else 0.0
    return f"{m:5.1f}±{s:4.1f}"

def round_seconds(r):
    return sum(v for v in r["seconds"].values() if isinstance(v, (int, float)))

rounds = max(len(d["rounds"]) for docs in runs.values() for d in docs)
print("test accuracy % per round (labeled = 20 + 10 j), mean ± std over seeds")
print(f"{'setup':<22}{'seeds':>6} " + " ".join(f"{'r' + str(j):>10}" for j in range(rounds)))
for name, docs in sorted(runs.items()):
    cells = []
    for j in range(rounds):
        accs = [d["rounds"][j]["test_accuracy"] for d in docs if len(d["rounds"]) > j]
        cells.append(f"{ms(accs):>10}" if accs else f"{'-':>10}")
    print(f"{name:<22}{len(docs):>6} " + " ".join(cells))
print()
print(f"{'setup':<22}{'best %':>12}{'AUC %':>12}{'s/round (1..)':>15}{'round 0 s':>11}")
for name, docs in sorted(runs.items()):
    best = [d["summary"]["best_accuracy"] for d in docs]
    auc = [d["summary"]["area_under_curve"] for d in docs]
    per = [statistics.mean(round_seconds(r) for r in d["rounds"][1:]) for d in docs if len(d["rounds"]) > 1]
    first = [round_seconds(d["rounds"][0]) for d in docs]
    print(f"{name:<22}{ms(best):>12}{ms(auc):>12}{statistics.mean(per):>15.2f}{statistics.mean(first):>11.2f}")
