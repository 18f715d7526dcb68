// SPDX-License-Identifier: MIT
#include "ui/worker/dataset_opener.h"

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

}  // namespace lada::ui
