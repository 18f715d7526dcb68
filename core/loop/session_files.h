// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/proposal.h"
#include "core/loop/session_views.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace lada {

/** The files of a session folder that hold the pending round: its proposal and its t-SNE map. */
inline constexpr const char* kProposalFile = "proposal.json";
inline constexpr const char* kEmbeddingFile = "embedding.json";

/** Row of every image path of a split (paths are unique), to map journal paths back to rows. */
std::unordered_map<std::string, int64_t> rowsByPath(const std::vector<std::string>& paths);

/**
 * The pending round's proposal as JSON (proposal.json in a session folder): every query with its rows
 * and their paths (so a reopen checks that the rows still name the same images), scores, tau*, the
 * virtual pairs and the diagnostics the plots read.
 */
std::string proposalToJson(const Proposal& proposal, const std::vector<std::string>& paths);

/**
 * Reads proposalToJson's text. Returns false (and leaves `out` alone) when the text is not such a
 * record or a row's path differs from `paths` (the dataset changed): the round is then proposed again.
 */
bool proposalFromJson(const std::string& text, const std::vector<std::string>& paths, Proposal& out);

/** The t-SNE map as JSON (embedding.json in a session folder). */
std::string embeddingToJson(const EmbeddingMap& map);

/** Reads embeddingToJson's text; false for text that is not such a record or has ragged arrays. */
bool embeddingFromJson(const std::string& text, EmbeddingMap& out);

}  // namespace lada
