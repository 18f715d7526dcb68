// SPDX-License-Identifier: MIT
#include "ui/worker/dataset_opener.h"

#include "core/data/dataset_cache.h"
#include "core/data/dataset_loader.h"
#include "core/error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

namespace lada::ui {

namespace {

/** A cache file per source path and class list; the cache's own key still checks the files themselves. */
std::string cacheFileFor(const OpenRequest& request, const QString& source, const char* split)
{
    if (request.cacheFolder.isEmpty())
        return {};
    const QString absolute = QFileInfo(source).absoluteFilePath();
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(absolute.toUtf8());
    hash.addData(request.classNames.join(QLatin1Char('\n')).toUtf8());
    const QString name = QStringLiteral("%1-%2%3")
                             .arg(QString::fromLatin1(hash.result().toHex().left(16)), QLatin1String(split),
                                  QLatin1String(kDatasetCacheExtension));
    return QDir(request.cacheFolder).filePath(name).toStdString();
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> out;
    for (const QString& s : list)
        out.push_back(s.trimmed().toStdString());
    return out;
}

} // namespace

OpenedData openData(const OpenRequest& request, const Progress& progress)
{
    if (request.trainSource.isEmpty())
        throw ConfigError("no training folder was given");
    OpenedData data;

    LoadOptions trainOptions;
    trainOptions.classNames = toStd(request.classNames);
    trainOptions.allowUnlabeled = !request.classNames.isEmpty();
    trainOptions.cacheFile = cacheFileFor(request, request.trainSource, "train");
    trainOptions.cancel = progress.cancel;
    trainOptions.progress = [&](int64_t done, int64_t total) { progress("loading training images", done, total); };
    data.train = loadDataset(request.trainSource.toStdString(), trainOptions);
    if (data.train.numClasses() < 2)
        throw ConfigError("\"" + request.trainSource.toStdString() +
                          "\" has fewer than two classes: give the class names of unlabeled images");

    if (!request.testSource.isEmpty()) {
        LoadOptions testOptions;
        testOptions.classNames = data.train.classNames;
        testOptions.channels = static_cast<int>(data.train.channels());
        testOptions.height = static_cast<int>(data.train.height());
        testOptions.width = static_cast<int>(data.train.width());
        testOptions.cacheFile = cacheFileFor(request, request.testSource, "test");
        testOptions.cancel = progress.cancel;
        testOptions.progress = [&](int64_t done, int64_t total) { progress("loading test images", done, total); };
        data.test = loadDataset(request.testSource.toStdString(), testOptions);
    }
    return data;
}

DatasetSummary summarize(const OpenRequest& request, const OpenedData& data)
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

} // namespace lada::ui
