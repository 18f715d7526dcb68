// SPDX-License-Identifier: MIT
#include "core/loop/presets.h"

#include "core/error.h"

namespace lada {

const std::vector<std::string>& presetList()
{
    static const std::vector<std::string> names = {"paper", "cpu-fast"};
    return names;
}

std::string presetNames()
{
    std::string out;
    for (const auto& n : presetList())
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

void applyPreset(ExperimentConfig& config, const std::string& name)
{
    StrategyOptions& s = config.strategy;
    if (name == "paper") {
        config.poolSubset = 2000;
        s.lambdaSamples = 10;
        s.policyEpochs = 10;
        s.policyBatch = 100;
        s.policyObjective = "exact";
    } else if (name == "cpu-fast") {
        config.poolSubset = 2000;
        s.lambdaSamples = 10;
        s.policyEpochs = 10;
        s.policyBatch = 100;
        s.policyObjective = "curve";
        s.curvePoints = 9;
    } else {
        throw ConfigError("unknown preset \"" + name + "\": expected " + presetNames());
    }
}

} // namespace lada
