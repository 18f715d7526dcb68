// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"

#include <map>
#include <string>
#include <vector>

namespace lada {

/** Names of the settings presets ("paper", "cpu-fast"). */
const std::vector<std::string>& presetList();
/** The preset names joined with ", " for help texts. */
std::string presetNames();

/** The settings a preset sets (setting-table keys to values); throws ConfigError for an unknown name. */
std::map<std::string, std::string> presetSettings(const std::string& name);

/**
 * Applies a preset over `config`:
 * - "paper": the paper's LADA settings (S-Table 1): subset 2,000, N = 10, 10 policy epochs, exact objective;
 * - "cpu-fast": a LADA round within 3 s on 2 cores with cnn at 100 labeled images: subset 1,000, curve
 *   objective with 7 nodes, 3 policy epochs, classifier 30 epochs in batches of 32 (see README).
 * Throws ConfigError for an unknown name.
 */
void applyPreset(ExperimentConfig& config, const std::string& name);

}  // namespace lada
