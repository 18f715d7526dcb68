// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QString>
#include <QStringList>

namespace lada::ui {

/**
 * The window's command line: lada-workbench [--train DIR] [--test DIR] [--classes FILE] [--strategy NAME]
 * [--simulate-oracle] [--rounds R] [--screenshot FILE] [--quit-after-rounds R] [--set KEY=VALUE]...
 * [--session-dir DIR], or lada-workbench --report SESSION --out FILE.pdf | --plot-experiment DIR
 * [--baseline NAME] | --version | --help (see consoleRequest). With --session-dir alone, DIR is opened; with --train, the new session is written
 * to DIR. Without --train and --session-dir, main() sets restoreLastSession so the last session reopens.
 */
struct LaunchOptions {
    QString train, test, classesFile, strategy, screenshot;
    QString session;                  ///< session folder to open (or to create with --train)
    bool restoreLastSession = false;  ///< reopen the most recent session (the window's own start-up)
    bool simulateOracle = false;
    int rounds = -1;           ///< the simulated oracle stops after this round (< 0: never)
    int quitAfterRounds = -1;  ///< save the screenshot and quit after this round (< 0: never)
    QStringList settings;      ///< KEY=VALUE overrides of the session settings, not remembered
};

/**
 * Parses `arguments` (argv, program name first). On a usage error (an unknown --set key or a bad value
 * included, named by core's setting table), returns false and sets `error`.
 */
bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error);

/** What the command line asks for that needs no window. */
enum class ConsoleAction {
    None,            ///< open the window
    Version,         ///< print "lada-workbench VERSION"
    Help,            ///< print the usage (launchUsage)
    Report,          ///< write the PDF report of `session` to `out` (writeSessionReport)
    PlotExperiment,  ///< draw the plots of the experiment folder `experiment` into its plots/ folder
};

struct ConsoleRequest {
    ConsoleAction action = ConsoleAction::None;
    QString session, out;  ///< --report SESSION, --out FILE (either may be empty: a usage error)
    QString experiment;    ///< --plot-experiment DIR (empty: a usage error)
    QString baseline = QStringLiteral("entropy");  ///< --baseline NAME: the paired tests' baseline label
};

/**
 * Scans argv for --version / -v, --help / --help-all / -h / -?, --report SESSION [--out FILE] (also written
 * --report=SESSION) and --plot-experiment DIR [--baseline NAME]: the first of them wins. Reads argv alone, so it runs before any QCoreApplication
 * exists and a printing command never needs a display. Any thread.
 */
ConsoleRequest consoleRequest(int argc, const char* const* argv);

/** The usage text with every option of the window, --report and --plot-experiment. Needs a QCoreApplication (its name). */
QString launchUsage();

}  // namespace lada::ui
