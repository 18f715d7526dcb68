// SPDX-License-Identifier: MIT
#pragma once
// The JSON of a proposal's parts that more than one file writes (the results file, proposal.json): one
// spelling each. Core-internal: nlohmann::json is a private dependency of lada_core.

#include "core/acquisition/proposal.h"
#include "core/util/json_numbers.h"  // jsonNumber

#include <nlohmann/json.hpp>

#include <optional>

namespace lada {

/** ALFA-Mix's reasons for one query: candidate, flip_classes, prediction_before/after, alpha_norm, epsilon. */
nlohmann::json alfaMixToJson(const AlfaMixQuery& query);
/** Back from alfaMixToJson; nullopt when `j` is not an object. Missing members keep their defaults. */
std::optional<AlfaMixQuery> alfaMixFromJson(const nlohmann::json& j);

}  // namespace lada
