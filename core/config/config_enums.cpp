// SPDX-License-Identifier: MIT
#include "core/config/experiment_config.h"

#include "core/error.h"

#include <algorithm>
#include <random>

namespace lada {

namespace {

/** Each enum's names in declaration order: the value's index is its position. */
template <class E>
E fromName(const std::vector<std::string>& names, std::string_view name, const char* what)
{
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
        std::string valid;
        for (const auto& n : names)
            valid += (valid.empty() ? "" : ", ") + n;
        throw ConfigError("unknown " + std::string(what) + " \"" + std::string(name) + "\": expected one of " + valid);
    }
    return static_cast<E>(it - names.begin());
}

}  // namespace

const std::vector<std::string>& strategyNames()
{
    static const std::vector<std::string> names = {"random",
                                                   "entropy",
                                                   "varratio",
                                                   "bald",
                                                   "ent-manifold-mixup",
                                                   "lada-entmix",
                                                   "lada-entmix-fixed",
                                                   "lada-varmix",
                                                   "lada-varmix-fixed",
                                                   "coreset",
                                                   "badge",
                                                   "alfa-mix",
                                                   "cal"};
    return names;
}
const std::vector<std::string>& modelNames()
{
    static const std::vector<std::string> names = {"cnn", "resnet18", "head"};
    return names;
}
const std::vector<std::string>& deviceNames()
{
    static const std::vector<std::string> names = {"auto", "cpu", "cuda"};
    return names;
}
const std::vector<std::string>& objectiveNames()
{
    static const std::vector<std::string> names = {"exact", "curve"};
    return names;
}
const std::vector<std::string>& augmentNames()
{
    static const std::vector<std::string> names = {"auto", "on", "off"};
    return names;
}

std::string toString(StrategyKind v)
{
    return strategyNames()[static_cast<size_t>(v)];
}
std::string toString(ModelKind v)
{
    return modelNames()[static_cast<size_t>(v)];
}
std::string toString(DeviceChoice v)
{
    return deviceNames()[static_cast<size_t>(v)];
}
std::string toString(PolicyObjective v)
{
    return objectiveNames()[static_cast<size_t>(v)];
}
std::string toString(AugmentMode v)
{
    return augmentNames()[static_cast<size_t>(v)];
}

StrategyKind strategyFromString(std::string_view name)
{
    return fromName<StrategyKind>(strategyNames(), name, "strategy");
}
ModelKind modelFromString(std::string_view name)
{
    return fromName<ModelKind>(modelNames(), name, "model");
}
DeviceChoice deviceFromString(std::string_view name)
{
    return fromName<DeviceChoice>(deviceNames(), name, "device");
}
PolicyObjective objectiveFromString(std::string_view name)
{
    return fromName<PolicyObjective>(objectiveNames(), name, "policy objective");
}
AugmentMode augmentFromString(std::string_view name)
{
    return fromName<AugmentMode>(augmentNames(), name, "augmentation mode");
}

bool isLada(StrategyKind v)
{
    return v == StrategyKind::LadaEntMix || v == StrategyKind::LadaEntMixFixed || v == StrategyKind::LadaVarMix ||
           v == StrategyKind::LadaVarMixFixed;
}

bool usesFixedTau(StrategyKind v)
{
    return v == StrategyKind::LadaEntMixFixed || v == StrategyKind::LadaVarMixFixed ||
           v == StrategyKind::EntManifoldMixup || v == StrategyKind::Cal;
}

void resolveSeed(ExperimentConfig& config)
{
    if (!config.seed) {
        std::random_device device;
        // 53 bits, so the seed survives a round trip through a JSON number read as a double.
        config.seed = ((uint64_t{device()} << 32) | device()) & ((uint64_t{1} << 53) - 1);
    }
}

}  // namespace lada
