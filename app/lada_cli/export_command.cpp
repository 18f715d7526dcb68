// SPDX-License-Identifier: MIT
// `lada-cli export` and `lada-cli import-labels`: a session's labeled set out to other tools, and
// labels from other tools into a session.
#include "app/lada_cli/commands.h"
#include "core/session/exporter.h"
#include "core/session/label_studio.h"
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
        std::string imagePrefix;
        std::string documentRoot;
        bool localFiles = false;
    };
    // CLI11 keeps pointers to these; they live as long as the action that reads them.
    auto options = std::make_shared<Options>();
    CLI::App* command = app.add_subcommand(
        "export", "Write a session's labeled set as CSV, ImageFolder, JSON, Label Studio tasks or JSON Lines");
    command->add_option("--session", options->session, "Session folder")->required();
    command->add_option("--format", options->format, "csv | imagefolder | json | labelstudio | jsonl")
        ->required()
        ->check(CLI::IsMember({"csv", "imagefolder", "json", "labelstudio", "jsonl"}, CLI::ignore_case));
    command->add_option("--out", options->out, "File (csv, json, labelstudio, jsonl) or folder (imagefolder) to create")
        ->required();
    command->add_flag("--force", options->force, "Replace an existing target");
    command->add_flag("--hardlink", options->hardLink, "imagefolder: hard-link the images instead of copying");
    CLI::Option* prefix = command->add_option(
        "--image-prefix", options->imagePrefix,
        "labelstudio: image references as this prefix + the path in the dataset (https://host/images/)");
    CLI::Option* local = command->add_flag(
        "--local-files", options->localFiles,
        "labelstudio: image references as Label Studio local-file URLs /data/local-files/?d=... (the default)");
    command
        ->add_option("--document-root", options->documentRoot,
                     "labelstudio: Label Studio's LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT [the dataset folder]")
        ->excludes(prefix);
    prefix->excludes(local);
    command->callback([options, &action] {
        action = [options] {
            // Read-only: exporting works while the workbench has the session open.
            const Session session = Session::open(options->session, Session::Mode::ReadOnly);
            printWarnings(session.warnings());
            ExportOptions exportOptions;
            exportOptions.force = options->force;
            exportOptions.hardLink = options->hardLink;
            exportOptions.imagePrefix = options->imagePrefix;
            exportOptions.documentRoot = options->documentRoot;
            const ExportFormat format = parseExportFormat(options->format);
            const ExportReport report = exportLabels(session, format, options->out, exportOptions);
            printWarnings(report.warnings);
            std::cout << report.summary() << '\n';
            if (format == ExportFormat::LabelStudio) {
                std::cout << "labeling config: " << labelStudioConfigPath(report.target) << '\n';
            }
            return 0;
        };
    });
}

void registerImportCommand(CLI::App& app, Action& action)
{
    struct Options {
        std::string session;
        std::string file;
        std::string format = "auto";
    };
    auto options = std::make_shared<Options>();
    CLI::App* command = app.add_subcommand(
        "import-labels", "Record the labels of a CSV, a Label Studio export or JSON Lines as answers in a session");
    command->add_option("--session", options->session, "Session folder")->required();
    CLI::Option* file =
        command->add_option("--file", options->file, "Labels file: CSV, Label Studio JSON / JSON-MIN / CSV, JSON Lines")
            ->check(CLI::ExistingFile);
    CLI::Option* csv = command->add_option("--csv", options->file, "CSV with the header filepath,label (as --file)")
                           ->check(CLI::ExistingFile);
    file->excludes(csv);
    command->add_option("--format", options->format, "auto | csv | labelstudio | jsonl [auto: from the content]")
        ->check(CLI::IsMember({"auto", "csv", "labelstudio", "jsonl"}, CLI::ignore_case));
    command->callback([options, &action, file, csv] {
        if (file->count() + csv->count() == 0) {
            throw CLI::RequiredError("--file or --csv");
        }
        action = [options] {
            const LabelFileFormat format = parseLabelFileFormat(options->format);
            Session session = Session::open(options->session);
            printWarnings(session.warnings());
            const ImportReport report = session.importLabels(options->file, format);
            for (const auto& row : report.rejected) {
                std::cerr << "lada-cli: warning: " << options->file << " row " << row.row << ": " << row.reason
                          << " (not imported)\n";
            }
            std::cout << "imported " << report.imported << " labels";
            if (report.skipped > 0) {
                std::cout << " and " << report.skipped << " skips";
            }
            std::cout << " from " << options->file << " (" << report.format << ")";
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
