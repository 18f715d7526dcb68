// SPDX-License-Identifier: MIT
#include "core/acquisition/strategy.h"

#include "core/acquisition/alfa_mix_strategy.h"
#include "core/acquisition/badge_strategy.h"
#include "core/acquisition/cal_strategy.h"
#include "core/acquisition/coreset_strategy.h"
#include "core/acquisition/lada_strategy.h"
#include "core/acquisition/uncertainty_strategy.h"

#include <algorithm>

namespace lada {

std::unique_ptr<Strategy> makeStrategy(const StrategyOptions& options)
{
    if (isLada(options.kind))
        return std::make_unique<LadaStrategy>(options);
    switch (options.kind) {
    case StrategyKind::Coreset: return std::make_unique<CoresetStrategy>();
    case StrategyKind::Badge: return std::make_unique<BadgeStrategy>();
    case StrategyKind::AlfaMix: return std::make_unique<AlfaMixStrategy>();
    case StrategyKind::Cal: return std::make_unique<CalStrategy>(options);
    default: break;
    }
    return std::make_unique<UncertaintyStrategy>(options);
}

void pairQueriesForMixup(Proposal& proposal, const StrategyOptions& options, std::mt19937_64& rng)
{
    std::uniform_int_distribution<int> layer(options.mixLayerMin, options.mixLayerMax);
    proposal.diagnostics.mixLayer = layer(rng);
    const double tau = options.fixedTauFor(proposal.diagnostics.mixLayer);
    std::vector<int64_t> selected = proposal.queriedIndices();
    std::shuffle(selected.begin(), selected.end(), rng);
    for (size_t i = 0; i + 1 < selected.size(); i += 2)
        proposal.virtualPairs.push_back({selected[i], selected[i + 1], tau});
}

}  // namespace lada
