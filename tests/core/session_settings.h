// SPDX-License-Identifier: MIT
#pragma once
// The small session settings the core and window tests share (light: no torch, no Qt).

#include "core/config/setting_table.h"

#include <map>
#include <string>

namespace lada::test {

/**
 * A labeling session's settings for fast tests: LADA on the small CNN, 2 epochs, budget 4, 10 initial
 * images, a 60-image candidate subset, one CPU thread, no t-SNE map; `extra` overrides (setting-table keys).
 */
inline ExperimentConfig smallSessionConfig(const std::map<std::string, std::string>& extra = {})
{
    ExperimentConfig c;
    applySettings(c, {{"strategy", "lada-entmix"},
                      {"model", "cnn"},
                      {"budget", "4"},
                      {"initial", "10"},
                      {"epochs", "2"},
                      {"lambda-samples", "2"},
                      {"policy-epochs", "1"},
                      {"pool-subset", "60"},
                      {"device", "cpu"},
                      {"threads", "1"},
                      {"seed", "3"},
                      {"tsne-points", "0"},
                      {"rounds", "0"}});
    applySettings(c, extra);
    return c;
}

}  // namespace lada::test
