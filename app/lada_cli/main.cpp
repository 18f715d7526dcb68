// SPDX-License-Identifier: MIT
// lada-cli: the headless front end over lada_core. Each sub-command lives in its own file.
#include "app/lada_cli/commands.h"
#include "core/error.h"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    CLI::App app{"LADA Workbench command line: active learning with Look-Ahead Data Acquisition"};
    app.set_version_flag("--version", std::string("lada-cli ") + LADA_VERSION);
    app.require_subcommand(1);
    lada::cli::Action action;
    lada::cli::registerRunCommand(app, action);
    lada::cli::registerExperimentCommand(app, action);
    lada::cli::registerExportCommand(app, action);
    lada::cli::registerImportCommand(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        return action ? action() : 2;
    } catch (const lada::Error& e) {
        std::cerr << "lada-cli: error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "lada-cli: unexpected error: " << e.what() << '\n';
        return 3;
    }
}
