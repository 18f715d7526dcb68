// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"

namespace lada {

/**
 * "alfa-mix": ALFA-Mix's closed form (Parvaneh et al., CVPR 2022, Eq. 1-6; ALGORITHMS.md 1.5 (a)).
 * Anchors are the per-class means of the labeled set's penultimate embeddings (true labels); the
 * candidates whose prediction flips for some anchor on the authors' epsilon grid (step 0.2,
 * eps = cap / sqrt(D)) form I; the L2-normalised embeddings of I are clustered by k-means into
 * min(b, |I|) clusters and the candidate nearest each centre is queried.
 *
 * Fewer than b picks (|I| < b, or an empty cluster): the rest is filled first with the unpicked
 * candidates, then with the non-candidates, each in the candidates' order, which the learner has already
 * shuffled with the run's seed: a uniform draw without replacement from the subset (ALGORITHMS.md 1.6's
 * recommendation; the authors draw with replacement and crash on |I| = 0). So b distinct rows always come
 * back, also for |I| = 0 or without a labeled image (no anchors: I is empty).
 *
 * Query.score is the cap at which the image flipped (a fill image: 0); Query.alfaMix says why it was
 * queried; diagnostics.alfaMixCandidates is |I|. Deterministic given the model and the run's rng (the
 * k-means seed is drawn from it).
 */
class AlfaMixStrategy : public Strategy {
public:
    std::string name() const override { return "alfa-mix"; }
    Proposal propose(AcquisitionContext& context) override;
};

}  // namespace lada
