// SPDX-License-Identifier: MIT
#include "ui/worker/dataset_opener.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStandardPaths>

namespace lada::ui {

DataSources toSources(const OpenRequest& request)
{
    DataSources s;
    s.train = request.trainSource.toStdString();
    s.test = request.testSource.toStdString();
    for (const QString& c : request.classNames)
        s.classNames.push_back(c.trimmed().toStdString());
    s.cacheDir = request.cacheFolder.toStdString();
    return s;
}

OpenRequest openRequestFor(const DataSources& sources)
{
    OpenRequest r;
    r.trainSource = QString::fromStdString(sources.train);
    r.testSource = QString::fromStdString(sources.test);
    for (const std::string& c : sources.classNames)
        r.classNames << QString::fromStdString(c);
    r.cacheFolder = QString::fromStdString(sources.cacheDir);
    return r;
}

DatasetSummary summarize(const OpenRequest& request, const Splits& data)
{
    DatasetSummary s;
    s.trainSource = request.trainSource;
    s.trainSize = data.train.size();
    s.testSize = data.test ? data.test->size() : 0;
    s.channels = static_cast<int>(data.train.channels());
    s.height = static_cast<int>(data.train.height());
    s.width = static_cast<int>(data.train.width());
    for (const std::string& c : data.train.classNames)
        s.classNames << QString::fromStdString(c);
    s.labelsKnown = data.train.hasLabels();
    s.fromCache = data.train.report.fromCache && (!data.test || data.test->report.fromCache);
    s.seconds = data.train.report.seconds + (data.test ? data.test->report.seconds : 0.0);
    s.report = QString::fromStdString(data.train.report.summary(10));
    if (data.test)
        s.report += QLatin1Char('\n') + QString::fromStdString(data.test->report.summary(10));
    return s;
}

std::string newSessionFolder(StrategyKind strategy)
{
    const QString base =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sessions/");
    return (base + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz-")) +
            QString::fromStdString(toString(strategy)))
        .toStdString();
}

QString describe(const DatasetSummary& summary)
{
    return QCoreApplication::translate("LearnerWorker", "Opened %1: %2 images, %3 classes%4 in %5 s")
        .arg(summary.trainSource)
        .arg(summary.trainSize)
        .arg(summary.classNames.size())
        .arg(summary.fromCache ? QCoreApplication::translate("LearnerWorker", " (from the dataset cache)") : QString())
        .arg(summary.seconds, 0, 'f', 2);
}

}  // namespace lada::ui
