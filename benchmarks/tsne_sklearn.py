#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# scikit-learn's Barnes-Hut t-SNE on the points bench_tsne wrote, with bench_tsne's settings: perplexity 30,
# 1,000 iterations (250 of them exaggerated by 12), learning rate "auto", theta 0.5, a random N(0, 1e-4)
# initial map. Usage: tsne_sklearn.py <points.f32> <N> <D> <threads>; prints one line:
#   sklearn seconds=<s> kl=<KL> iterations=<n>
# Run with Debian's /usr/bin/python3 (python3-sklearn).
import os
import sys

os.environ["OMP_NUM_THREADS"] = sys.argv[4]  # before numpy and sklearn start their thread pools

import time  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402

n, d = int(sys.argv[2]), int(sys.argv[3])
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(n, d)
start = time.perf_counter()
tsne = TSNE(n_components=2, perplexity=30.0, early_exaggeration=12.0, learning_rate="auto", n_iter=1000,
            method="barnes_hut", angle=0.5, init="random", random_state=0, n_jobs=int(sys.argv[4]))
tsne.fit(x)
print("sklearn seconds=%.3f kl=%.4f iterations=%d" % (time.perf_counter() - start, tsne.kl_divergence_,
                                                        tsne.n_iter_ + 1))
