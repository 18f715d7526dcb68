// SPDX-License-Identifier: MIT
#include "ui/launch_options.h"

#include <QCommandLineParser>

namespace lada::ui {

bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("LADA Workbench: deep active learning with a person as the oracle"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Training images (ImageFolder tree or folder)"), QStringLiteral("DIR"));
    const QCommandLineOption test(QStringLiteral("test"), QStringLiteral("Labeled test images"), QStringLiteral("DIR"));
    const QCommandLineOption classes(QStringLiteral("classes"), QStringLiteral("Class names, one per line, for unlabeled training images"), QStringLiteral("FILE"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("Acquisition strategy"), QStringLiteral("NAME"));
    const QCommandLineOption simulate(QStringLiteral("simulate-oracle"), QStringLiteral("Let the known labels answer"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds the simulated oracle answers"), QStringLiteral("R"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the window before quitting"), QStringLiteral("FILE"));
    const QCommandLineOption quitAfter(QStringLiteral("quit-after-rounds"), QStringLiteral("Quit after round R"), QStringLiteral("R"));
    const QCommandLineOption set(QStringLiteral("set"), QStringLiteral("Override a session setting for this run (e.g. epochs=10)"), QStringLiteral("KEY=VALUE"));
    // Not "--session": QGuiApplication takes -session/--session (X11 session management) out of argv.
    const QCommandLineOption session(QStringLiteral("session-dir"), QStringLiteral("Session folder: opened, or created for --train"), QStringLiteral("DIR"));
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
    SessionSettings probe;
    for (const QString& s : options.settings)
        if (!applySetting(probe, s)) {
            error = QStringLiteral("bad --set %1").arg(s);
            return false;
        }
    return true;
}

bool applySetting(SessionSettings& s, const QString& assignment)
{
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return false;
    const QString key = assignment.left(eq).trimmed();
    const QString value = assignment.mid(eq + 1).trimmed();
    bool ok = true;
    auto toInt = [&] { return value.toInt(&ok); };
    if (key == QLatin1String("strategy")) s.strategy = value;
    else if (key == QLatin1String("model")) s.model = value;
    else if (key == QLatin1String("device")) s.device = value;
    else if (key == QLatin1String("budget")) s.budget = toInt();
    else if (key == QLatin1String("initial")) s.initial = toInt();
    else if (key == QLatin1String("epochs")) s.epochs = toInt();
    else if (key == QLatin1String("gamma")) s.gamma = value.toDouble(&ok);
    else if (key == QLatin1String("lambda-samples")) s.lambdaSamples = toInt();
    else if (key == QLatin1String("fixed-tau")) s.fixedTau = value.toDouble(&ok);
    else if (key == QLatin1String("policy-epochs")) s.policyEpochs = toInt();
    else if (key == QLatin1String("policy-objective")) {
        s.policyObjective = value;
        ok = value == QLatin1String("exact") || value == QLatin1String("curve");
    }
    else if (key == QLatin1String("pool-subset")) s.poolSubset = toInt();
    else if (key == QLatin1String("threads")) s.threads = toInt();
    else if (key == QLatin1String("seed")) s.seed = value.toULongLong(&ok);
    else if (key == QLatin1String("tsne-points")) s.tsnePoolSample = toInt();
    else if (key == QLatin1String("tsne-iterations")) s.tsneIterations = toInt();
    else return false;
    return ok;
}

} // namespace lada::ui
