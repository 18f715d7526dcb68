#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mean +- std of best accuracy and area under the curve per strategy, from lada-cli results JSON files.
Also prints, for mixing strategies, the per-round median tau* and mean virtual-instance entropy traces."""
import json, statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for path in sys.argv[1:]:
    with open(path) as f:
        doc = json.load(f)
    runs[doc["config"]["strategy"]].append(doc)

def fmt(values, scale=100.0):
    m = statistics.mean(values) * scale
    s = statistics.stdev(values) * scale if len(values) > 1 else 0.0
    return f"{m:6.2f} ± {s:4.2f}"

print(f"{'strategy':<20} {'seeds':>5} {'best accuracy %':>16} {'AUC %':>16} {'final %':>16} {'s/round':>8}")
for name, docs in runs.items():
    best = [d["summary"]["best_accuracy"] for d in docs]
    auc = [d["summary"]["area_under_curve"] for d in docs]
    final = [d["summary"]["final_accuracy"] for d in docs]
    secs = [sum(sum(v for v in r["seconds"].values() if isinstance(v, (int, float))) for r in d["rounds"][1:]) / max(1, len(d["rounds"]) - 1) for d in docs]
    print(f"{name:<20} {len(docs):>5} {fmt(best):>16} {fmt(auc):>16} {fmt(final):>16} {statistics.mean(secs):8.1f}")

for name, docs in runs.items():
    rounds = docs[0]["rounds"][1:]
    if not rounds or "mix_layer" not in rounds[0] or "tau_quantiles" not in rounds[0]:
        continue
    print(f"\n{name} (seed of the first file): round, k, median tau*, IQR, mean virtual entropy (bits), selected tau*")
    for r in rounds:
        q = r["tau_quantiles"]
        sel = ", ".join(f"{p['tau']:.3f}" for p in r.get("virtual_pairs", []))
        print(f"  {r['round']:3d}  k={r['mix_layer']}  {q['p50']:.3f}  [{q['p25']:.3f}, {q['p75']:.3f}]  "
              f"{r['mean_virtual_score']:.4f}  [{sel}]")
