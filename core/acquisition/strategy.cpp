// SPDX-License-Identifier: MIT
#include "core/acquisition/strategy.h"

#include "core/acquisition/lada_strategy.h"
#include "core/acquisition/uncertainty_strategy.h"

namespace lada {

std::unique_ptr<Strategy> makeStrategy(const StrategyOptions& options)
{
    if (isLada(options.kind))
        return std::make_unique<LadaStrategy>(options);
    return std::make_unique<UncertaintyStrategy>(options);
}

}  // namespace lada
