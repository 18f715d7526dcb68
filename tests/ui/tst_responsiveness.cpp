// SPDX-License-Identifier: MIT
// The window never blocks: while the worker trains, a 10 ms timer on the GUI thread is never late by
// more than 100 ms; closing the window while the worker trains shuts down cleanly and promptly.
#include "tests/test_main.h"
#include "ui/main_window.h"
#include "ui/worker/learner_worker.h"
#include "ui_test_support.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

namespace tst_responsiveness {

using namespace lada;
using namespace lada::ui;

class TestResponsiveness : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_train;

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        m_train = m_dir.filePath(QStringLiteral("train"));
        QVERIFY(uitest::makeMnistFolder(m_train, "train", 12));
    }

    void guiTimerIsNeverLateByMoreThan100msWhileTraining()
    {
        MainWindow w;
        SessionSettings s = uitest::smallSettings();
        s.training.epochs = 3000;  // far longer than the measurement; closing the window cancels it
        w.setSessionSettings(s);
        w.setSimulatedOracle(false, 0);
        w.show();
        w.openDataset({m_train, {}, {}, {}, {}});
        // Wait until the initial training is under way (the status bar shows the phase).
        QTRY_VERIFY_WITH_TIMEOUT(w.isBusy() && w.counts().labeled == 10, 60000);
        QTest::qWait(300);
        QVERIFY(w.isBusy());

        QElapsedTimer clock;
        qint64 last = -1, worst = 0;
        int ticks = 0;
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(10);
        connect(&timer, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            if (last >= 0)
                worst = std::max(worst, now - last);
            last = now;
            ++ticks;
        });
        clock.start();
        timer.start();
        // Two seconds of training with the window's event loop running.
        QTest::qWait(2000);
        timer.stop();
        QVERIFY2(w.isBusy(), "the training phase ended before the measurement did");
        qInfo("GUI timer: %d ticks in 2 s, longest gap %lld ms", ticks, worst);
        QVERIFY(ticks > 50);
        QVERIFY2(worst <= 100, qPrintable(QStringLiteral("the GUI thread waited %1 ms").arg(worst)));
    }

    void closingWhileTrainingShutsDownCleanly()
    {
        auto w = std::make_unique<MainWindow>();
        SessionSettings s = uitest::smallSettings();
        s.training.epochs = 3000;  // far longer than the measurement; closing the window cancels it
        w->setSessionSettings(s);
        w->setSimulatedOracle(false, 0);
        w->show();
        w->openDataset({m_train, {}, {}, {}, {}});
        QTRY_VERIFY_WITH_TIMEOUT(w->isBusy() && w->counts().labeled == 10, 60000);
        QTest::qWait(300);
        QThread* thread = w->workerThread();
        QElapsedTimer clock;
        clock.start();
        w->close();
        QVERIFY(thread->isFinished());
        w.reset();
        qInfo("closing while training took %lld ms", clock.elapsed());
        QVERIFY(clock.elapsed() < 3000);
    }
};

LADA_TEST_MAIN(TestResponsiveness)
}  // namespace tst_responsiveness
#include "tst_responsiveness.moc"
