// SPDX-License-Identifier: MIT
// The "Review labels" dialog on a real worker on its thread: two rounds answered by the simulated
// oracle, then filter, change an answer with a digit key, remove one with Delete, and Ctrl+Z; the
// journal and the counts show each step.
#include "tests/test_main.h"
#include "ui/dialogs/review_dialog.h"
#include "ui_test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>

namespace tst_review_dialog {

using namespace lada;
using namespace lada::ui;
using uitest::ThreadedWorker;

namespace {

QList<QJsonObject> journal(const QString& folder)
{
    QFile f(folder + QStringLiteral("/labels.jsonl"));
    QList<QJsonObject> out;
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.isEmpty())
                out.append(QJsonDocument::fromJson(line).object());
    return out;
}

const ReviewEntry* entryOf(const ReviewEntries& entries, qint64 row)
{
    for (const ReviewEntry& e : entries)
        if (e.row == row)
            return &e;
    return nullptr;
}

}  // namespace

class TestReviewDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath(QStringLiteral("train"));
        QVERIFY(uitest::makeMnistFolder(m_train, "train", 12));
    }

    void reviewChangesRemovesAndUndoes()
    {
        ThreadedWorker w;
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy session(&w.events, &LearnerWorker::sessionOpened);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        QSignalSpy counts(&w.events, &LearnerWorker::countsChanged);
        QSignalSpy failed(&w.events, &LearnerWorker::failed);
        QSignalSpy busy(&w.events, &LearnerWorker::busyChanged);
        w.open({m_train, {}, {}, m_dir.filePath(QStringLiteral("cache"))});
        QVERIFY(opened.wait(60000));
        SessionSettings settings = uitest::smallSettings();
        lada::applySettings(settings, {{"tsne-points", "0"}});
        w.start(settings, m_dir.filePath(QStringLiteral("session")));
        w.simulate(2);  // the simulated oracle answers rounds 1 and 2
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || (!finished.isEmpty() &&
                                                       finished.last().first().value<RoundMetrics>().report.round == 2),
                                 120000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!busy.isEmpty() && !busy.last().first().toBool(), 60000);
        QCOMPARE(session.size(), 1);
        const QString folder = session.first().first().toString();

        QStringList classes;
        for (int i = 0; i < 10; ++i)
            classes << QString::number(i);
        ReviewDialog dialog(w.worker, classes);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // 10 initial + 4 per round; without a test split no answer of known labels is held out.
        QTRY_COMPARE_WITH_TIMEOUT(dialog.entries().size(), 18, 10000);
        QCOMPARE(dialog.shownRows().size(), 18);

        auto* classFilter = dialog.findChild<QComboBox*>(QStringLiteral("classFilter"));
        auto* roundFilter = dialog.findChild<QComboBox*>(QStringLiteral("roundFilter"));
        auto* grid = dialog.findChild<QListView*>(QStringLiteral("grid"));
        QVERIFY(classFilter && roundFilter && grid);
        int threes = 0;
        for (const ReviewEntry& e : dialog.entries())
            threes += e.label == 3;
        classFilter->setCurrentIndex(classFilter->findData(3));
        QCOMPARE(dialog.shownRows().size(), threes);
        for (qint64 row : dialog.shownRows())
            QCOMPARE(entryOf(dialog.entries(), row)->label, 3);
        classFilter->setCurrentIndex(0);
        roundFilter->setCurrentIndex(roundFilter->findData(1));
        QCOMPARE(dialog.shownRows().size(), 4);
        const qint64 changed = dialog.shownRows().at(0);
        const qint64 removed = dialog.shownRows().at(1);
        const int truth = entryOf(dialog.entries(), changed)->label;
        const int wrong = (truth + 1) % 10;
        const int journaled = static_cast<int>(journal(folder).size());

        // A digit key changes the selected image's class.
        QVERIFY(dialog.selectRow(changed));
        grid->setFocus();
        QTest::keyClick(grid, static_cast<Qt::Key>(Qt::Key_0 + wrong));
        QTRY_COMPARE_WITH_TIMEOUT(entryOf(dialog.entries(), changed)->label, wrong, 5000);
        QCOMPARE(journal(folder).size(), journaled + 1);
        QCOMPARE(journal(folder).last().value(QStringLiteral("label")).toString(), QString::number(wrong));
        QCOMPARE(journal(folder).last().value(QStringLiteral("round")).toInt(), 1);
        QCOMPARE(entryOf(dialog.entries(), changed)->round, 1);  // still listed under round 1
        const PoolCounts before = counts.last().first().value<PoolCounts>();

        // Delete removes the answer: the image goes back to the pool.
        grid->selectionModel()->clearSelection();
        QVERIFY(dialog.selectRow(removed));
        QTest::keyClick(grid, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(!entryOf(dialog.entries(), removed), 5000);
        QCOMPARE(dialog.shownRows().size(), 3);
        QVERIFY(journal(folder).last().contains(QStringLiteral("retract")));
        QTRY_COMPARE_WITH_TIMEOUT(counts.last().first().value<PoolCounts>().pool, before.pool + 1, 5000);
        QCOMPARE(counts.last().first().value<PoolCounts>().labeled, before.labeled - 1);

        if (const QString pictures = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !pictures.isEmpty()) {
            roundFilter->setCurrentIndex(0);
            QTest::qWait(300);  // the thumbnails are read on the next turns of the event loop
            QVERIFY(dialog.grab().save(pictures + QStringLiteral("/review_dialog.png")));
            roundFilter->setCurrentIndex(roundFilter->findData(1));
        }

        // Ctrl+Z takes back the removal (the latest step), journaled as the answer again.
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(entryOf(dialog.entries(), removed), 5000);
        QCOMPARE(entryOf(dialog.entries(), removed)->round, 1);
        QCOMPARE(journal(folder).last().value(QStringLiteral("round")).toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(counts.last().first().value<PoolCounts>().pool, before.pool, 5000);
        // And again: the change is taken back, the true class is current again.
        QTest::keyClick(grid, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(entryOf(dialog.entries(), changed)->label, truth, 5000);
        QCOMPARE(journal(folder).size(), journaled + 4);  // change, retract, re-answer, retract
        QVERIFY(failed.isEmpty());
    }

private:
    QTemporaryDir m_dir;
    QString m_train;
};

LADA_TEST_MAIN(TestReviewDialog)
}  // namespace tst_review_dialog
#include "tst_review_dialog.moc"
