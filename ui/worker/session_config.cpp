// SPDX-License-Identifier: MIT
#include "ui/worker/session_config.h"

namespace lada::ui {

ExperimentConfig experimentConfig(const SessionSettings& settings)
{
    ExperimentConfig c;
    c.model = settings.model.toStdString();
    c.rounds = 0;
    c.budget = settings.budget;
    c.initial = settings.initial;
    c.poolSubset = settings.poolSubset;
    c.seed = settings.seed;
    c.device = settings.device.toStdString();
    c.threads = settings.threads;
    c.training.epochs = settings.epochs;
    c.strategy.name = settings.strategy.toStdString();
    c.strategy.gamma = settings.gamma;
    c.strategy.lambdaSamples = settings.lambdaSamples;
    c.strategy.fixedTau = settings.fixedTau;
    c.strategy.policyEpochs = settings.policyEpochs;
    c.strategy.policyObjective = settings.policyObjective.toStdString();
    return c;
}

} // namespace lada::ui
