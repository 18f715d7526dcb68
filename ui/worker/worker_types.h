// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"
#include "core/loop/review_entry.h"
#include "core/loop/round_record.h"
#include "core/loop/session_views.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <limits>
#include <vector>

namespace lada::ui {

/**
 * The values the worker sends the window. Most are core's own structs (computed in core, drawn here);
 * the aliases keep the window's vocabulary. Registered with Qt's meta-type system by registerWorkerTypes.
 */
using SessionSettings = lada::ExperimentConfig;  ///< the typed settings (core/config/setting_table.h)
using QueryImage = lada::ImageView;
using QueryView = lada::QueryCard;
using RoundProposal = lada::RoundCards;
using RoundMetrics = lada::RoundOutcome;
using EmbeddingView = lada::EmbeddingMap;
using VirtualInspection = lada::VirtualInspection;
/** One answered image for the review view (core's LabelingSession::answeredImages). */
using ReviewEntry = lada::ReviewEntry;
using ReviewEntries = QList<lada::ReviewEntry>;

/** What to open: a training source, an optional labeled test source, class names for unlabeled images. */
struct OpenRequest {
    QString trainSource;     ///< ImageFolder tree, flat folder of images, CSV manifest, idx or cache file
    QString testSource;      ///< empty = no test split (accuracy on a held-out share of the labels)
    QStringList classNames;  ///< required for a folder of unlabeled images; else empty = discover
    QString cacheFolder;     ///< where decoded splits are cached; empty = no cache
    /** How to load them (loadingConfig of the session settings: image size, backbone); default = pixels. */
    lada::ExperimentConfig loading;
};

/** A split as opened by the worker. */
struct DatasetSummary {
    QString trainSource;
    qint64 trainSize = 0;
    qint64 testSize = 0;  ///< 0 without a test split
    int channels = 0, height = 0, width = 0;
    QStringList classNames;
    bool labelsKnown = false;  ///< every training image has a label: the simulated oracle can run
    bool fromCache = false;
    double seconds = 0.0;
    QString report;  ///< the loader's summary (skipped files, warnings)
};

/** Labeled / skipped / pool counts after an answer or an undo. */
struct PoolCounts {
    qint64 labeled = 0;
    qint64 skipped = 0;
    qint64 heldOut = 0;
    qint64 pool = 0;
    int round = 0;
    int answeredThisRound = 0;
    int queriesThisRound = 0;
    std::vector<qint64> perClass;
};

/** A core string (UTF-8) for the window. */
inline QString toQ(const std::string& s)
{
    return QString::fromStdString(s);
}

/** Registers every type above with Qt's meta-type system; call once at start-up (main, tests). */
void registerWorkerTypes();

}  // namespace lada::ui

Q_DECLARE_METATYPE(lada::ui::OpenRequest)
Q_DECLARE_METATYPE(lada::ExperimentConfig)
Q_DECLARE_METATYPE(lada::ui::DatasetSummary)
Q_DECLARE_METATYPE(lada::RoundCards)
Q_DECLARE_METATYPE(lada::RoundOutcome)
Q_DECLARE_METATYPE(lada::ui::PoolCounts)
Q_DECLARE_METATYPE(lada::EmbeddingMap)
Q_DECLARE_METATYPE(lada::VirtualInspection)
Q_DECLARE_METATYPE(lada::ReviewEntry)
