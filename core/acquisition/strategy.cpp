// SPDX-License-Identifier: MIT
#include "core/acquisition/strategy.h"

#include "core/acquisition/lada_strategy.h"
#include "core/acquisition/uncertainty_strategy.h"
#include "core/error.h"

#include <algorithm>

namespace lada {

const std::vector<std::string>& strategyNames()
{
    static const std::vector<std::string> names = {
        "random", "entropy", "varratio", "bald", "ent-manifold-mixup",
        "lada-entmix", "lada-entmix-fixed", "lada-varmix", "lada-varmix-fixed"};
    return names;
}

std::unique_ptr<Strategy> makeStrategy(const StrategyOptions& options)
{
    const auto& names = strategyNames();
    if (std::find(names.begin(), names.end(), options.name) == names.end()) {
        std::string valid;
        for (const auto& n : names)
            valid += (valid.empty() ? "" : ", ") + n;
        throw ConfigError("unknown strategy \"" + options.name + "\": expected one of " + valid);
    }
    if (options.name.rfind("lada-", 0) == 0)
        return std::make_unique<LadaStrategy>(options);
    return std::make_unique<UncertaintyStrategy>(options);
}

} // namespace lada
