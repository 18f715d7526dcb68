// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QString>
#include <QStringList>

namespace lada::ui {

/**
 * The window's command line: lada-workbench [--train DIR] [--test DIR] [--classes FILE] [--strategy NAME]
 * [--simulate-oracle] [--rounds R] [--screenshot FILE] [--quit-after-rounds R] [--set KEY=VALUE]...
 * [--session-dir DIR]. With --session-dir alone, DIR is opened; with --train, the new session is written
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

}  // namespace lada::ui
