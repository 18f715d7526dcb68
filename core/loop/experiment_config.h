// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"
#include "core/training/trainer.h"

#include <cstdint>
#include <string>

namespace lada {

/** Every setting of one active-learning run; lada-cli's flags and the workbench's settings map onto it. */
struct ExperimentConfig {
    std::string model = "cnn";         ///< "cnn" or "resnet18"
    int rounds = 10;                   ///< acquisition rounds after the initial training
    int64_t budget = 10;               ///< b, images labeled per round
    int64_t initial = 20;              ///< n0, labeled before round 1 (balanced when labels are known)
    int64_t poolSubset = 2000;         ///< candidates drawn from the pool each round (S-A.2); 0 = all
    uint64_t seed = 0;
    std::string device = "auto";       ///< auto, cpu, cuda
    int threads = 0;                   ///< 0 = all cores
    bool reinitialize = true;          ///< fresh weights each round (else continue training)
    double dropout = 0.0;              ///< before the final layer, during training
    std::string augment = "auto";      ///< "auto" (crop+flip for 3-channel images), "on", "off"
    TrainOptions training;
    StrategyOptions strategy;
};

} // namespace lada
