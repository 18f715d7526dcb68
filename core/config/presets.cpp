// SPDX-License-Identifier: MIT
#include "core/config/presets.h"

#include "core/config/setting_table.h"
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

std::map<std::string, std::string> presetSettings(const std::string& name)
{
    if (name == "paper")
        return {{"pool-subset", "2000"},
                {"lambda-samples", "10"},
                {"policy-epochs", "10"},
                {"policy-batch", "100"},
                {"policy-objective", "exact"}};
    if (name == "cpu-fast")
        // Measured with bench_lada on 2 cores (cnn, 100 labeled): the round is training- and
        // evaluation-bound, so the classifier gets 30 epochs in batches of 32 and the policy 3 epochs
        // on the tabulated curve of 500 pairs.
        return {{"pool-subset", "1000"},       {"epochs", "30"},       {"batch-size", "32"},
                {"lambda-samples", "10"},      {"policy-epochs", "3"}, {"policy-batch", "100"},
                {"policy-objective", "curve"}, {"curve-points", "7"}};
    throw ConfigError("unknown preset \"" + name + "\": expected " + presetNames());
}

void applyPreset(ExperimentConfig& config, const std::string& name)
{
    applySettings(config, presetSettings(name));
}

}  // namespace lada
