// SPDX-License-Identifier: MIT
// `lada-cli export` and `lada-cli import-labels`: a session's labeled set out to other tools, and
// labels from other tools into a session.
#include "app/lada_cli/commands.h"
#include "core/session/exporter.h"
#include "core/session/session.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace lada::cli {

namespace {

void printWarnings(const std::vector<std::string>& warnings)
{
    for (const auto& warning : warnings) {
        std::cerr << "lada-cli: warning: " << warning << '\n';
    }
}

}  // namespace

void registerExportCommand(CLI::App& app, Action& action)
{
    struct Options {
        std::string session;
        std::string format;
        std::string out;
        bool force = false;
        bool hardLink = false;
    };
    // CLI11 keeps pointers to these; they live as long as the action that reads them.
    auto options = std::make_shared<Options>();
    CLI::App* command = app.add_subcommand("export", "Write a session's labeled set as CSV, ImageFolder or JSON");
    command->add_option("--session", options->session, "Session folder")->required();
    command->add_option("--format", options->format, "csv | imagefolder | json")
        ->required()
        ->check(CLI::IsMember({"csv", "imagefolder", "json"}, CLI::ignore_case));
    command->add_option("--out", options->out, "File (csv, json) or folder (imagefolder) to create")->required();
    command->add_flag("--force", options->force, "Replace an existing target");
    command->add_flag("--hardlink", options->hardLink, "imagefolder: hard-link the images instead of copying");
    command->callback([options, &action] {
        action = [options] {
            // Read-only: exporting works while the workbench has the session open.
            const Session session = Session::open(options->session, Session::Mode::ReadOnly);
            printWarnings(session.warnings());
            const ExportReport report = exportLabels(session, parseExportFormat(options->format), options->out,
                                                     {options->force, options->hardLink});
            printWarnings(report.warnings);
            std::cout << report.summary() << '\n';
            return 0;
        };
    });
}

void registerImportCommand(CLI::App& app, Action& action)
{
    struct Options {
        std::string session;
        std::string csv;
    };
    auto options = std::make_shared<Options>();
    CLI::App* command =
        app.add_subcommand("import-labels", "Record the labels of a filepath,label CSV as answers in a session");
    command->add_option("--session", options->session, "Session folder")->required();
    command->add_option("--csv", options->csv, "CSV with the header filepath,label")
        ->required()
        ->check(CLI::ExistingFile);
    command->callback([options, &action] {
        action = [options] {
            Session session = Session::open(options->session);
            printWarnings(session.warnings());
            const ImportReport report = session.importLabelsCsv(options->csv);
            for (const auto& row : report.rejected) {
                std::cerr << "lada-cli: warning: " << options->csv << " row " << row.row << ": " << row.reason
                          << " (not imported)\n";
            }
            std::cout << "imported " << report.imported << " labels from " << options->csv;
            if (!report.rejected.empty()) {
                std::cout << " (" << report.rejected.size() << " rows rejected)";
            }
            std::cout << '\n';
            // Rejected rows are reported, not fatal; a non-zero code still lets scripts notice them.
            return report.rejected.empty() ? 0 : 4;
        };
    });
}

}  // namespace lada::cli
