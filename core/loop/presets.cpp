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
        // Measured with bench_lada on 2 cores (cnn, 100 labeled): the round is training- and
        // evaluation-bound, so the classifier gets 30 epochs in batches of 32 and the policy 3 epochs
        // on the tabulated curve of 500 pairs.
        config.poolSubset = 1000;
        config.training.epochs = 30;
        config.training.batchSize = 32;
        s.lambdaSamples = 10;
        s.policyEpochs = 3;
        s.policyBatch = 100;
        s.policyObjective = "curve";
        s.curvePoints = 7;
    } else {
        throw ConfigError("unknown preset \"" + name + "\": expected " + presetNames());
    }
}

} // namespace lada
