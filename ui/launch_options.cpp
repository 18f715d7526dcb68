// SPDX-License-Identifier: MIT
#include "ui/launch_options.h"

#include "core/config/setting_table.h"
#include "core/error.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace lada::ui {

namespace {

const QString kReport = QStringLiteral("report");
const QString kOut = QStringLiteral("out");

void describeParser(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        QStringLiteral("LADA Workbench: deep active learning with a person as the oracle"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(QCommandLineOption(
        kReport, QStringLiteral("Write a PDF report of the session folder SESSION to --out, without a window"),
        QStringLiteral("SESSION")));
    parser.addOption(
        QCommandLineOption(kOut, QStringLiteral("The report's PDF file (with --report)"), QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("plot-experiment"),
        QStringLiteral("Draw the plots of the experiment folder DIR (lada-cli experiment --out) into DIR/plots as PNG "
                       "and PDF, without a window"),
        QStringLiteral("DIR")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("baseline"),
        QStringLiteral("The strategy label the paired tests compare with (with --plot-experiment; default entropy)"),
        QStringLiteral("NAME")));
}

/** The value of `--name VALUE` or `--name=VALUE` at argv[i]; advances i past a separate value. */
bool optionValue(int argc, const char* const* argv, int& i, const char* name, QString& value)
{
    const QString arg = QString::fromLocal8Bit(argv[i]);
    const QString flag = QStringLiteral("--") + QLatin1String(name);
    if (arg == flag) {
        value = i + 1 < argc ? QString::fromLocal8Bit(argv[++i]) : QString();
        return true;
    }
    if (arg.startsWith(flag + QLatin1Char('='))) {
        value = arg.mid(flag.size() + 1);
        return true;
    }
    return false;
}

}  // namespace

ConsoleRequest consoleRequest(int argc, const char* const* argv)
{
    ConsoleRequest request;
    ConsoleAction command = ConsoleAction::None;  // --report or --plot-experiment, the first one given
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (command == ConsoleAction::None && (arg == QLatin1String("--version") || arg == QLatin1String("-v"))) {
            request.action = ConsoleAction::Version;
            return request;
        }
        if (command == ConsoleAction::None && (arg == QLatin1String("--help") || arg == QLatin1String("--help-all") ||
                                               arg == QLatin1String("-h") || arg == QLatin1String("-?"))) {
            request.action = ConsoleAction::Help;
            return request;
        }
        if (optionValue(argc, argv, i, "report", request.session)) {
            if (command == ConsoleAction::None)
                command = ConsoleAction::Report;
        } else if (optionValue(argc, argv, i, "plot-experiment", request.experiment)) {
            if (command == ConsoleAction::None)
                command = ConsoleAction::PlotExperiment;
        } else if (!optionValue(argc, argv, i, "out", request.out)) {
            optionValue(argc, argv, i, "baseline", request.baseline);
        }
    }
    request.action = command;
    return request;
}

QString launchUsage()
{
    LaunchOptions unused;
    QString help;
    // parseLaunchOptions adds the window's options and answers --help with the whole text.
    parseLaunchOptions(
        {QCoreApplication::arguments().value(0, QStringLiteral("lada-workbench")), QStringLiteral("--help")}, unused,
        help);
    return help;
}

bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error)
{
    QCommandLineParser parser;
    describeParser(parser);
    const QCommandLineOption train(
        QStringLiteral("train"), QStringLiteral("Training images (ImageFolder tree or folder)"), QStringLiteral("DIR"));
    const QCommandLineOption test(QStringLiteral("test"), QStringLiteral("Labeled test images"), QStringLiteral("DIR"));
    const QCommandLineOption classes(QStringLiteral("classes"),
                                     QStringLiteral("Class names, one per line, for unlabeled training images"),
                                     QStringLiteral("FILE"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("Acquisition strategy"),
                                      QStringLiteral("NAME"));
    const QCommandLineOption simulate(QStringLiteral("simulate-oracle"), QStringLiteral("Let the known labels answer"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds the simulated oracle answers"),
                                    QStringLiteral("R"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a screenshot of the window before quitting"),
                                        QStringLiteral("FILE"));
    const QCommandLineOption quitAfter(QStringLiteral("quit-after-rounds"), QStringLiteral("Quit after round R"),
                                       QStringLiteral("R"));
    const QCommandLineOption set(QStringLiteral("set"),
                                 QStringLiteral("Override a session setting for this run (e.g. epochs=10); keys: %1")
                                     .arg(QString::fromStdString(settingKeys())),
                                 QStringLiteral("KEY=VALUE"));
    // Not "--session": QGuiApplication takes -session/--session (X11 session management) out of argv.
    const QCommandLineOption session(QStringLiteral("session-dir"),
                                     QStringLiteral("Session folder: opened, or created for --train"),
                                     QStringLiteral("DIR"));
    parser.addOptions({train, test, classes, strategy, simulate, rounds, screenshot, quitAfter, set, session});
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        error = parser.helpText();
        return false;
    }
    options.train = parser.value(train);
    options.test = parser.value(test);
    options.classesFile = parser.value(classes);
    options.strategy = parser.value(strategy);
    options.simulateOracle = parser.isSet(simulate);
    options.screenshot = parser.value(screenshot);
    options.settings = parser.values(set);
    options.session = parser.value(session);
    bool ok = true;
    if (parser.isSet(rounds))
        options.rounds = parser.value(rounds).toInt(&ok);
    if (ok && parser.isSet(quitAfter))
        options.quitAfterRounds = parser.value(quitAfter).toInt(&ok);
    if (!ok) {
        error = QStringLiteral("--rounds and --quit-after-rounds take a whole number");
        return false;
    }
    // Refused at parse time, with the key named and the valid keys or values listed by core's table.
    ExperimentConfig probe;
    try {
        if (!options.strategy.isEmpty())
            applySetting(probe, "strategy=" + options.strategy.toStdString());
        for (const QString& s : options.settings)
            applySetting(probe, s.toStdString());
    } catch (const ConfigError& e) {
        error = QStringLiteral("--set: %1").arg(QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

}  // namespace lada::ui
