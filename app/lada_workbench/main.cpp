// SPDX-License-Identifier: MIT
// lada-workbench: the desktop window. Everything but argument handling lives in lada_ui.
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
