// SPDX-License-Identifier: MIT
// The worker alone on its thread: slots run there, answers move the counts, undo restores them, skip
// empties the pool, a cancel mid-training stops promptly, and shutting down while training is clean.
#include "tests/test_main.h"
#include "ui/worker/learner_worker.h"
#include "ui_test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

namespace tst_worker {

using namespace lada;
using namespace lada::ui;

using uitest::ThreadedWorker;

class TestWorker : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_train;

    /** Opens the small folder and starts a session; returns round 1's proposal. */
    RoundProposal startAndWaitForRound1(ThreadedWorker& w, const SessionSettings& settings)
    {
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy proposals(&w.events, &LearnerWorker::proposalsReady);
        QSignalSpy failed(&w.events, &LearnerWorker::failed);
        w.open({m_train, {}, {}, m_dir.filePath(QStringLiteral("cache"))});
        if (!opened.wait(60000))
            return {};
        w.start(settings);
        // Round 0 (the initial set) comes first, then round 1 once the initial training ran.
        QElapsedTimer clock;
        clock.start();
        while (proposals.size() < 2 && failed.isEmpty() && clock.elapsed() < 60000)
            QTest::qWait(20);
        if (!failed.isEmpty())
            qWarning() << failed.first().first().toString();
        return proposals.size() >= 2 ? proposals.last().first().value<RoundProposal>() : RoundProposal{};
    }

    /** Answers every card of `p` with its true label. */
    static void answerAll(ThreadedWorker& w, const RoundProposal& p)
    {
        for (const QueryView& q : p.queries)
            for (const QueryImage& image : q.images)
                w.answer(image.row, image.trueLabel);
    }

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath(QStringLiteral("train"));
        QVERIFY(uitest::makeMnistFolder(m_train, "train", 12));
    }

    void slotsRunOnTheWorkerThread()
    {
        ThreadedWorker w;
        QThread* openedOn = nullptr;
        QThread* proposedOn = nullptr;
        // Direct connections run in the emitting thread: they see where the worker's slots run.
        connect(
            w.worker, &LearnerWorker::datasetOpened, this, [&] { openedOn = QThread::currentThread(); },
            Qt::DirectConnection);
        connect(
            w.worker, &LearnerWorker::proposalsReady, this, [&] { proposedOn = QThread::currentThread(); },
            Qt::DirectConnection);
        const RoundProposal p = startAndWaitForRound1(w, uitest::smallSettings());
        QCOMPARE(p.round, 1);
        QCOMPARE(openedOn, &w.thread);
        QCOMPARE(proposedOn, &w.thread);
        QVERIFY(openedOn != QThread::currentThread());
    }

    void roundOneHasPairCardsWithPredictions()
    {
        ThreadedWorker w;
        const RoundProposal p = startAndWaitForRound1(w, uitest::smallSettings());
        QVERIFY(p.pairs);
        QCOMPARE(p.queries.size(), size_t(2));  // budget 4 = 2 pairs
        for (const QueryView& q : p.queries) {
            QCOMPARE(q.images.size(), size_t(2));
            QVERIFY(q.tau > 0.0);
            QCOMPARE(q.lambdas.size(), size_t(2));
            for (const QueryImage& image : q.images) {
                QCOMPARE(image.pixels.size(), size_t(28 * 28));
                QCOMPARE(image.topClasses.size(), size_t(3));
                QVERIFY(image.entropy >= 0.0 && image.entropy <= std::log2(10.0) + 1e-6);
            }
        }
        QVERIFY(!p.tauAll.empty());
        QCOMPARE(p.tauAll.size(), p.virtualScoreAll.size());
    }

    void answersMoveTheCountsAndUndoRestoresThem()
    {
        ThreadedWorker w;
        const RoundProposal p = startAndWaitForRound1(w, uitest::smallSettings());
        QVERIFY(!p.queries.empty());
        QSignalSpy counts(&w.events, &LearnerWorker::countsChanged);
        QSignalSpy undone(&w.events, &LearnerWorker::answerUndone);
        const qint64 row = p.queries[0].images[0].row;
        w.answer(row, 3);
        QTRY_VERIFY_WITH_TIMEOUT(!counts.isEmpty() && counts.last().first().value<PoolCounts>().answeredThisRound == 1,
                                 5000);
        const PoolCounts after = counts.last().first().value<PoolCounts>();
        QCOMPARE(after.labeled, 11);
        QCOMPARE(after.answeredThisRound, 1);
        QCOMPARE(after.perClass[3], 2);  // the initial set's one three (1 per class), plus this answer
        w.undo();
        QVERIFY(undone.wait(5000));
        QCOMPARE(undone.first().first().toLongLong(), row);
        QTRY_VERIFY_WITH_TIMEOUT(counts.last().first().value<PoolCounts>().answeredThisRound == 0, 5000);
        const PoolCounts restored = counts.last().first().value<PoolCounts>();
        QCOMPARE(restored.labeled, 10);
        QCOMPARE(restored.pool, after.pool + 1);
        QCOMPARE(restored.answeredThisRound, 0);
    }

    void skipTakesTheImageOutOfThePool()
    {
        ThreadedWorker w;
        const RoundProposal p = startAndWaitForRound1(w, uitest::smallSettings());
        QSignalSpy counts(&w.events, &LearnerWorker::countsChanged);
        w.answer(p.queries[0].images[1].row, -1);
        // Counts also arrive when the round's t-SNE map is done: wait for the one that shows the skip.
        QTRY_VERIFY_WITH_TIMEOUT(!counts.isEmpty() && counts.last().first().value<PoolCounts>().skipped == 1, 5000);
        const PoolCounts c = counts.last().first().value<PoolCounts>();
        QCOMPARE(c.skipped, 1);
        QCOMPARE(c.labeled, 10);
        QCOMPARE(c.pool, 120 - 10 - 12 - 1);  // 12 held out: no test split, so 10 % of the labels measure accuracy
    }

    void answeringARoundTrainsAndProposesTheNext()
    {
        ThreadedWorker w;
        const RoundProposal p = startAndWaitForRound1(w, uitest::smallSettings());
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        QSignalSpy proposals(&w.events, &LearnerWorker::proposalsReady);
        answerAll(w, p);
        QVERIFY(finished.wait(60000));
        const RoundMetrics m = finished.first().first().value<RoundMetrics>();
        QCOMPARE(m.report.round, 1);
        QCOMPARE(m.labeled, int64_t{14});
        QCOMPARE(m.accuracySource, AccuracySource::HeldOut);
        QVERIFY(m.accuracy >= 0.0 && m.accuracy <= 1.0);
        QTRY_VERIFY_WITH_TIMEOUT(!proposals.isEmpty(), 60000);
        QCOMPARE(proposals.first().first().value<RoundProposal>().round, 2);
    }

    void cancelMidTrainingStopsPromptlyAndShutdownInsideResumeIsClean()
    {
        ThreadedWorker w;
        SessionSettings s = uitest::smallSettings();
        s.training.epochs = 400;  // minutes of training unless the cancel works
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy progress(&w.events, &LearnerWorker::progressChanged);
        QSignalSpy cancelled(&w.events, &LearnerWorker::cancelled);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        w.open({m_train, {}, {}, {}});
        QVERIFY(opened.wait(60000));
        w.start(s);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.begin(), progress.end(),
                                             [](const QList<QVariant>& a) {
                                                 return a[0].toString() == QStringLiteral("training") &&
                                                        a[1].toLongLong() > 0;
                                             }),
                                 30000);
        QElapsedTimer clock;
        clock.start();
        w.worker->requestCancel();
        QVERIFY(cancelled.wait(5000));
        qInfo("cancel took %lld ms", clock.elapsed());
        QVERIFY(clock.elapsed() < 2000);
        QVERIFY(finished.isEmpty());
        // Resume runs the interrupted training again (minutes with these settings): shut down inside it.
        progress.clear();
        w.call([wk = w.worker] { wk->resume(); });
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.begin(), progress.end(),
                                             [](const QList<QVariant>& a) {
                                                 return a[0].toString() == QStringLiteral("training") &&
                                                        a[1].toLongLong() > 0;
                                             }),
                                 30000);
        clock.restart();
        w.shutdown();
        qInfo("shutdown while training took %lld ms", clock.elapsed());
        QVERIFY(clock.elapsed() < 3000);
    }

    void aCancelBetweenTwoPhasesStopsTheSecond()
    {
        ThreadedWorker w;
        const RoundProposal p = startAndWaitForRound1(w, uitest::smallSettings());
        QVERIFY(!p.queries.empty());
        // Pressed exactly between training and proposing: a direct connection runs on the worker's thread
        // when round 1's training has finished and before round 2 is proposed.
        connect(
            w.worker, &LearnerWorker::roundFinished, w.worker, [&w] { w.worker->requestCancel(); },
            Qt::DirectConnection);
        QSignalSpy cancelled(&w.events, &LearnerWorker::cancelled);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        QSignalSpy proposals(&w.events, &LearnerWorker::proposalsReady);
        answerAll(w, p);
        QVERIFY(cancelled.wait(60000));
        QCOMPARE(cancelled.first().first().toString(), QStringLiteral("proposing"));
        QCOMPARE(finished.size(), 1);
        QTest::qWait(300);
        QVERIFY(proposals.isEmpty());  // round 2 was not proposed
        // Resume proposes it.
        disconnect(w.worker, &LearnerWorker::roundFinished, w.worker, nullptr);
        w.call([wk = w.worker] { wk->resume(); });
        QVERIFY(proposals.wait(60000));
        QCOMPARE(proposals.first().first().value<RoundProposal>().round, 2);
    }

    void unreadableEntriesAreSkippedAndListedInTheLoadReport()
    {
        // The workbench's open goes through the same loader as lada-cli: one bad entry never refuses the folder.
        const QString folder = m_dir.filePath(QStringLiteral("with-bad-entries"));
        QVERIFY(uitest::makeMnistFolder(folder, "train", 3, 2));
        QVERIFY(QFile::link(QStringLiteral("loop.png"), folder + QStringLiteral("/0/loop.png")));         // a link loop
        QVERIFY(QFile::link(QStringLiteral("nowhere.png"), folder + QStringLiteral("/1/dangling.png")));  // dangling
        ThreadedWorker w;
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy failed(&w.events, &LearnerWorker::failed);
        w.open({folder, {}, {}, {}});
        QVERIFY(opened.wait(60000));
        QVERIFY(failed.isEmpty());
        const DatasetSummary summary = opened.first().first().value<DatasetSummary>();
        QCOMPARE(summary.trainSize, 6);
        QVERIFY2(summary.report.contains(QStringLiteral("0/loop.png")), qPrintable(summary.report));
        QVERIFY2(summary.report.contains(QStringLiteral("1/dangling.png")), qPrintable(summary.report));
    }

    void secondOpenReadsTheDatasetCache()
    {
        ThreadedWorker w;
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        const OpenRequest r{m_train, {}, {}, m_dir.filePath(QStringLiteral("cache2"))};
        w.open(r);
        QVERIFY(opened.wait(60000));
        QVERIFY(!opened.last().first().value<DatasetSummary>().fromCache);
        w.open(r);
        QVERIFY(opened.wait(60000));
        QVERIFY(opened.last().first().value<DatasetSummary>().fromCache);
    }

    void unlabeledFolderWaitsForThePersonAndHoldsOutLabels()
    {
        const QString flat = m_dir.filePath(QStringLiteral("flat"));
        QVERIFY(uitest::makeMnistFolder(flat, "train", 6, 10, /*flat=*/true));
        ThreadedWorker w;
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy proposals(&w.events, &LearnerWorker::proposalsReady);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        QStringList names;
        for (int d = 0; d < 10; ++d)
            names << QString::number(d);
        w.open({flat, {}, names, {}});
        QVERIFY(opened.wait(60000));
        QVERIFY(!opened.first().first().value<DatasetSummary>().labelsKnown);
        w.start(uitest::smallSettings());
        QVERIFY(proposals.wait(10000));
        const RoundProposal initial = proposals.first().first().value<RoundProposal>();
        QCOMPARE(initial.round, 0);
        QCOMPARE(initial.queries.size(), size_t(10));
        QTest::qWait(300);
        QVERIFY(finished.isEmpty());  // nobody has answered yet
        // The person answers from the file names ("<digit>_<n>.png").
        for (const QueryView& q : initial.queries)
            w.answer(q.images[0].row, QString::fromStdString(q.images[0].path).left(1).toInt());
        QVERIFY(finished.wait(60000));
        const RoundMetrics m = finished.first().first().value<RoundMetrics>();
        QCOMPARE(m.heldOut, int64_t{2});  // every 5th answer measures accuracy instead of training
        QCOMPARE(m.labeled, int64_t{8});
        QCOMPARE(m.accuracySource, AccuracySource::HeldOut);
    }
};

LADA_TEST_GUILESS_MAIN(TestWorker)
}  // namespace tst_worker
#include "tst_worker.moc"
