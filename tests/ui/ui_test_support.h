// SPDX-License-Identifier: MIT
#pragma once
// Shared helpers of the ui tests: small ImageFolder trees cut from the real MNIST PNG archive, and the
// small session settings that keep a round within a second or two on a 2-core machine.

#include "ui/widgets/cards_view.h"
#include "ui/widgets/query_card.h"
#include "ui/worker/worker_types.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QString>
#include <QtTest/QtTest>

namespace lada::uitest {

/** The extracted MNIST archive's split folder ("train" or "test"), `<digit>/<n>.png` inside. */
inline QString mnistSplit(const char* split) { return QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png/") + QLatin1String(split); }

/**
 * Copies the first `perClass` images of each of the first `classes` digits of an MNIST split into
 * `target/<digit>/` (an ImageFolder), or flat into `target/` when `flat` (an unlabeled folder).
 */
inline bool makeMnistFolder(const QString& target, const char* split, int perClass, int classes = 10, bool flat = false)
{
    for (int digit = 0; digit < classes; ++digit) {
        QDir source(mnistSplit(split) + QLatin1Char('/') + QString::number(digit));
        QStringList files = source.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        if (files.size() < perClass)
            return false;
        const QString folder = flat ? target : target + QLatin1Char('/') + QString::number(digit);
        QDir().mkpath(folder);
        for (int i = 0; i < perClass; ++i) {
            const QString name = flat ? QStringLiteral("%1_%2").arg(digit).arg(files[i]) : files[i];
            if (!QFile::copy(source.filePath(files[i]), folder + QLatin1Char('/') + name))
                return false;
        }
    }
    return true;
}

/** The small labeled folders most ui tests use: 12 training and 5 test images per digit, in `dir`. */
inline bool makeSmallSplits(const QString& dir, QString& train, QString& test)
{
    train = dir + QStringLiteral("/train");
    test = dir + QStringLiteral("/test");
    return makeMnistFolder(train, "train", 12) && makeMnistFolder(test, "test", 5);
}

/** Settings for fast tests: a small CNN, few epochs, a small candidate subset, one torch thread. */
inline ui::SessionSettings smallSettings()
{
    ui::SessionSettings s;
    s.strategy = QStringLiteral("lada-entmix");
    s.model = QStringLiteral("cnn");
    s.budget = 4;
    s.initial = 10;
    s.epochs = 3;
    s.lambdaSamples = 2;
    s.policyEpochs = 1;
    s.poolSubset = 60;
    s.device = QStringLiteral("cpu");
    s.threads = 1;
    s.seed = 3;
    s.tsnePoolSample = 40;
    s.tsneIterations = 100;
    return s;
}

/** The ground truth of a shown image (the folder it was copied from), -1 when no card shows `row`. */
inline int trueLabelOf(const ui::CardsView& cards, qint64 row)
{
    for (int i = 0; i < cards.cardCount(); ++i)
        for (const ui::QueryImage& image : cards.card(i)->query().images)
            if (image.row == row)
                return image.trueLabel;
    return -1;
}

/** Test-mode standard paths (QSettings, cache) and the worker's meta-types; call from initTestCase. */
inline void initUiTest()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LADA-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("lada-workbench-tests"));
    ui::registerWorkerTypes();
}

} // namespace lada::uitest
