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

/** `lada-cli export`: a session's labeled set as CSV, ImageFolder or JSON (export_command.cpp). */
void registerExportCommand(CLI::App& app, Action& action);

/** `lada-cli import-labels`: labels from a `filepath,label` CSV into a session (export_command.cpp). */
void registerImportCommand(CLI::App& app, Action& action);

}  // namespace lada::cli
