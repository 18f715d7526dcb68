// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace lada::cli {

/** A sub-command's action; returns the process exit code. Set by the register* functions. */
using Action = std::function<int()>;

/** `lada-cli run`: one active-learning experiment with a simulated oracle (run_command.cpp). */
void registerRunCommand(CLI::App& app, Action& action);

/**
 * `lada-cli experiment`: a grid of runs as child processes, resumable, then the summary tables and plots
 * (experiment_command.cpp).
 */
void registerExperimentCommand(CLI::App& app, Action& action);

/** `lada-cli export`: a session's labeled set as CSV, ImageFolder, JSON, Label Studio or JSON Lines (export_command.cpp). */
void registerExportCommand(CLI::App& app, Action& action);

/** `lada-cli import-labels`: labels from a CSV, Label Studio export or JSON Lines into a session (export_command.cpp). */
void registerImportCommand(CLI::App& app, Action& action);

}  // namespace lada::cli
