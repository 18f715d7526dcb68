// SPDX-License-Identifier: MIT
// lada-workbench: the desktop window. Everything but argument handling lives in lada_ui.
#include "ui/launch_options.h"
#include "ui/main_window.h"
#include "ui/worker/worker_types.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LADA"));
    QApplication::setApplicationName(QStringLiteral("lada-workbench"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
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
