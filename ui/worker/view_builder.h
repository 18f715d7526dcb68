// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/active_learner.h"
#include "core/util/progress.h"
#include "ui/worker/worker_types.h"

#include <cstdint>
#include <random>
#include <vector>

namespace lada::ui {

/**
 * Turns the engine's tensors and structs into the plain value types the window receives: pixels as
 * uint8 vectors, predictions as top-k lists. Every function here runs on the worker thread.
 */

/** The cards of the initial set (round 0): single images, no model yet. */
RoundProposal initialProposal(const ActiveLearner& learner, const std::vector<int64_t>& rows);

/**
 * The cards of a proposed round with the current model's top-3 predictions and entropy (bits) per
 * image, and N lambda samples from Beta(tau*, tau*) per pair for the card's density plot.
 */
RoundProposal roundProposal(ActiveLearner& learner, const Proposal& proposal, int lambdaSamples, std::mt19937_64& rng);

/**
 * A t-SNE map of penultimate-layer features: `poolSample` random pool rows, up to 1,000 labeled rows,
 * and the rows of the pending proposal (stars) with its pairs. Reports "t-SNE"; throws Cancelled.
 */
EmbeddingView embeddingView(ActiveLearner& learner, int poolSample, int iterations, std::mt19937_64& rng,
                            const Progress& progress);

} // namespace lada::ui
