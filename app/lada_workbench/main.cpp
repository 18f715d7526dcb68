// SPDX-License-Identifier: MIT
// lada-workbench: the desktop window. Everything but argument handling lives in lada_ui.
#include "core/experiment/experiment_summary.h"
#include "ui/experiment/experiment_plots.h"
#include "ui/launch_options.h"
#include "ui/main_window.h"
#include "ui/report/session_report.h"
#include "ui/worker/worker_types.h"

#include <QApplication>

#include <cstdio>

namespace {

void nameApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("LADA"));
    QCoreApplication::setApplicationName(QStringLiteral("lada-workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LADA_VERSION));
}

/** --report SESSION --out FILE: the PDF report, drawn offscreen; 0 when written, 1 on an error, 2 on a usage error. */
int writeReport(int argc, char** argv, const lada::ui::ConsoleRequest& request)
{
    // The report shows no window: without a platform chosen by the user it needs no display either.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    nameApplication();
    if (request.session.isEmpty() || request.out.isEmpty()) {
        std::fprintf(stderr, "lada-workbench: --report SESSION needs --out FILE.pdf\n");
        return 2;
    }
    QString error;
    if (!lada::ui::writeSessionReport(request.session, request.out, &error)) {
        std::fprintf(stderr, "lada-workbench: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("wrote %s\n", qPrintable(request.out));
    return 0;
}

/**
 * --plot-experiment DIR [--baseline NAME]: the experiment's plots into DIR/plots, drawn offscreen (the runner
 * `lada-cli experiment` calls this); 0 when written, 1 on an error, 2 on a usage error.
 */
int plotExperiment(int argc, char** argv, const lada::ui::ConsoleRequest& request)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");  // no window: no display needed
    QApplication app(argc, argv);
    nameApplication();
    if (request.experiment.isEmpty() || request.baseline.isEmpty()) {
        std::fprintf(stderr, "lada-workbench: --plot-experiment DIR [--baseline NAME] needs a folder and a name\n");
        return 2;
    }
    try {
        const lada::ExperimentSummary summary =
            lada::summarizeExperiment(request.experiment.toStdString(), request.baseline.toStdString());
        for (const std::string& problem : summary.problems)
            std::fprintf(stderr, "lada-workbench: skipped %s\n", problem.c_str());
        QStringList written;
        QString error;
        const bool saved = lada::ui::saveExperimentPlots(summary, request.experiment, &written, &error);
        for (const QString& file : written)
            std::printf("wrote %s\n", qPrintable(file));
        if (!saved) {
            std::fprintf(stderr, "lada-workbench: %s\n", qPrintable(error));
            return 1;
        }
        if (written.isEmpty())
            std::printf("no result file under %s/runs yet: no plots\n", qPrintable(request.experiment));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lada-workbench: %s\n", e.what());
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    // Printing commands run before QApplication exists: they need no display and open no window.
    const lada::ui::ConsoleRequest request = lada::ui::consoleRequest(argc, argv);
    switch (request.action) {
    case lada::ui::ConsoleAction::Version: std::printf("lada-workbench %s\n", LADA_VERSION); return 0;
    case lada::ui::ConsoleAction::Help: {
        QCoreApplication core(argc, argv);  // names the program in the usage line; no platform plugin
        nameApplication();
        std::printf("%s", qPrintable(lada::ui::launchUsage()));
        return 0;
    }
    case lada::ui::ConsoleAction::Report: return writeReport(argc, argv, request);
    case lada::ui::ConsoleAction::PlotExperiment: return plotExperiment(argc, argv, request);
    case lada::ui::ConsoleAction::None: break;
    }

    QApplication app(argc, argv);
    nameApplication();
    // Wayland compositors match the window to the menu entry (its name and icon) by this id.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.lada_workbench.LadaWorkbench"));
    lada::ui::registerWorkerTypes();

    lada::ui::LaunchOptions options;
    QString error;
    if (!lada::ui::parseLaunchOptions(QApplication::arguments(), options, error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return error.startsWith(QLatin1String("Usage")) ? 0 : 2;
    }
    // A plain start reopens where the person left off.
    options.restoreLastSession = options.train.isEmpty() && options.session.isEmpty();
    lada::ui::MainWindow window(options);
    window.show();
    return QApplication::exec();
}
