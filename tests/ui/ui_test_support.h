// SPDX-License-Identifier: MIT
#pragma once
// Shared helpers of the ui tests: small ImageFolder trees cut from the real MNIST PNG archive, and the
// small session settings that keep a round within a second or two on a 2-core machine.

#include "../core/session_settings.h"
#include "core/config/setting_table.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/query_card.h"
#include "ui/worker/learner_worker.h"
#include "ui/worker/thread_hand_off.h"
#include "ui/worker/worker_types.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QString>
#include <QThread>
#include <QtTest/QtTest>

namespace lada::uitest {

/** Waits until `done` holds or `ms` pass, processing events; returns `done()`. */
template <typename F>
bool waitFor(F done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

/** The extracted MNIST archive's split folder ("train" or "test"), `<digit>/<n>.png` inside. */
inline QString mnistSplit(const char* split)
{
    return QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png/") + QLatin1String(split);
}

/**
 * The extracted cats-and-dogs photo archive's class folder ("train", "cat" -> .../catsdogs-photos/train/cat),
 * JPEGs of varied size inside; the extract_shared_data fixture unpacks ../shared/data/catsdogs-photos.tar.gz.
 */
inline QString catsDogsFolder(const char* split, const char* cls)
{
    return QStringLiteral(LADA_TEST_DATA_DIR "/catsdogs-photos/%1/%2").arg(QLatin1String(split), QLatin1String(cls));
}

/** The absolute paths of the JPEGs of a cats-and-dogs class folder, by name; empty when not extracted. */
inline QStringList catsDogsPhotos(const char* split, const char* cls)
{
    QDir folder(catsDogsFolder(split, cls));
    QStringList files;
    for (const QString& name : folder.entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name))
        files << folder.absoluteFilePath(name);
    return files;
}

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

/** Settings for fast tests: the core tests' small session (tests/core/test_support.h), 3 epochs, a t-SNE map. */
inline ui::SessionSettings smallSettings()
{
    return lada::test::smallSessionConfig({{"epochs", "3"}, {"tsne-points", "40"}, {"tsne-iterations", "100"}});
}

/**
 * A worker moved to its own thread, shut down the way the window does it. `events` re-emits every
 * signal on the test's thread (queued), so QSignalSpy (not thread-safe in Qt 6.4) only sees this thread.
 */
struct ThreadedWorker {
    QThread thread;
    ui::LearnerWorker* worker = new ui::LearnerWorker;
    ui::HandOffQueue* handOff =
        new ui::HandOffQueue(worker);  ///< call()'s functions reach the worker's thread through it
    ui::LearnerWorker events;

    ThreadedWorker()
    {
        using W = ui::LearnerWorker;
        const auto q = Qt::QueuedConnection;
        QObject::connect(worker, &W::datasetOpened, &events, &W::datasetOpened, q);
        QObject::connect(worker, &W::proposalsReady, &events, &W::proposalsReady, q);
        QObject::connect(worker, &W::answerRecorded, &events, &W::answerRecorded, q);
        QObject::connect(worker, &W::answerUndone, &events, &W::answerUndone, q);
        QObject::connect(worker, &W::countsChanged, &events, &W::countsChanged, q);
        QObject::connect(worker, &W::roundFinished, &events, &W::roundFinished, q);
        QObject::connect(worker, &W::embeddingReady, &events, &W::embeddingReady, q);
        QObject::connect(worker, &W::progressChanged, &events, &W::progressChanged, q);
        QObject::connect(worker, &W::busyChanged, &events, &W::busyChanged, q);
        QObject::connect(worker, &W::sessionOpened, &events, &W::sessionOpened, q);
        QObject::connect(worker, &W::settingsRestored, &events, &W::settingsRestored, q);
        QObject::connect(worker, &W::sessionDatasetMissing, &events, &W::sessionDatasetMissing, q);
        QObject::connect(worker, &W::exportFinished, &events, &W::exportFinished, q);
        QObject::connect(worker, &W::cancelled, &events, &W::cancelled, q);
        QObject::connect(worker, &W::failed, &events, &W::failed, q);
        worker->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
        thread.start();
    }
    ~ThreadedWorker() { shutdown(); }
    void shutdown()
    {
        if (!thread.isRunning())
            return;
        worker->requestCancel();
        thread.quit();
        thread.wait();
    }
    template <typename F>
    void call(F f)
    {
        handOff->post(std::move(f));
    }
    void open(const ui::OpenRequest& r)
    {
        call([w = worker, r] { w->openDataset(r); });
    }
    void start(const ui::SessionSettings& s, const QString& folder = {})
    {
        call([w = worker, s, folder] { w->startSession(s, folder); });
    }
    void openSession(const QString& folder)
    {
        call([w = worker, folder] { w->openSession(folder, {}); });
    }
    void simulate(int stopAfterRound)
    {
        call([w = worker, stopAfterRound] { w->setSimulatedOracle(true, 0, stopAfterRound); });
    }
    void answer(qint64 row, int label)
    {
        call([w = worker, row, label] { w->submitAnswer(row, label); });
    }
    void undo()
    {
        call([w = worker] { w->undoLastAnswer(); });
    }
};

/** The ground truth of a shown image (the folder it was copied from), -1 when no card shows `row`. */
inline int trueLabelOf(const ui::CardsView& cards, qint64 row)
{
    for (int i = 0; i < cards.cardCount(); ++i)
        for (const ui::QueryImage& image : cards.card(i)->query().images)
            if (image.row == row)
                return image.trueLabel;
    return -1;
}

/** The ground truth of `row` among a round's cards, -1 when none shows it. */
inline int trueLabelOf(qint64 row, const lada::RoundCards& cards)
{
    for (const lada::QueryCard& q : cards.queries)
        for (const lada::ImageView& image : q.images)
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

}  // namespace lada::uitest
