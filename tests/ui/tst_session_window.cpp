// SPDX-License-Identifier: MIT
// The workbench and its session folder: every answer typed in the window is in the journal, a reopened
// session brings back the labeled set, the pool, the rounds and the plots, undo reaches back into the
// reopened session, File ▸ Export writes the labels, a workbench killed with SIGKILL reopens with every
// journaled answer, a moved dataset is relocated, and a read-only session folder is shown but not offered
// for labeling.
#include "core/session/session.h"
#include "tests/read_only_folder.h"
#include "tests/test_main.h"
#include "ui/main_window.h"
#include "ui/plots/accuracy_plot.h"
#include "ui/plots/plot_panel.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/label_panel.h"
#include "ui/widgets/query_card.h"
#include "ui/widgets/status_panel.h"
#include "ui/worker/learner_worker.h"
#include "ui_test_support.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

namespace tst_session_window {

using namespace lada;
using namespace lada::ui;
using lada::uitest::waitFor;

namespace {

/** Lines of a text file, without the trailing empty one. */
QStringList readLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(f.readAll()).remove(QLatin1Char('\r')).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

}  // namespace

class TestSessionWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_train, m_test;

    /** A window on the small folders, new session in `folder`, settings small, no simulated oracle. */
    std::unique_ptr<MainWindow> newSessionWindow(const QString& folder)
    {
        LaunchOptions o;
        o.train = m_train;
        o.test = m_test;
        o.session = folder;
        auto w = std::make_unique<MainWindow>(o);
        w->setSessionSettings(uitest::smallSettings());
        w->setSimulatedOracle(false, 0);
        w->show();
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        QVERIFY(uitest::makeSmallSplits(m_dir.path(), m_train, m_test));
    }

    void typedAnswersAreJournaledAndComeBackWhenTheSessionReopens()
    {
        const QString folder = m_dir.filePath(QStringLiteral("typed"));
        PoolCounts before;
        std::map<std::string, int> typed;  // path -> label typed
        std::string lastTyped;
        {
            auto w = newSessionWindow(folder);
            QVERIFY(waitFor([&] { return w->cards()->round() == 1 && w->cards()->focusedRow() >= 0 && !w->isBusy(); },
                            90000));
            QCOMPARE(QDir(w->sessionFolder()).absolutePath(), QDir(folder).absolutePath());
            // Three answers with the keys of their true classes.
            for (int i = 0; i < 3; ++i) {
                const qint64 row = w->cards()->focusedRow();
                const int label = uitest::trueLabelOf(*w->cards(), row);
                QVERIFY(label >= 0);
                for (int c = 0; c < w->cards()->cardCount(); ++c)
                    for (const QueryImage& image : w->cards()->card(c)->query().images)
                        if (image.row == row)
                            lastTyped = image.path;
                typed[lastTyped] = label;
                QTest::keyClick(w.get(), Qt::Key(Qt::Key_0 + label));
            }
            QTRY_COMPARE(w->counts().labeled, 10 + 3);
            before = w->counts();
        }  // the window closes: nothing but the session folder remains

        // The journal holds the initial set (10, from the known labels) and the three typed answers.
        {
            const Session session = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
            const std::map<std::string, int> labels = session.labels();
            QCOMPARE(labels.size(), size_t{13});
            for (const auto& [path, label] : typed) {
                QVERIFY2(labels.count(path), path.c_str());
                QCOMPARE(labels.at(path), label);
            }
            QCOMPARE(session.history().size(), size_t{1});  // round 0 trained; round 1 not finished
            QVERIFY(QFile::exists(QString::fromStdString(session.checkpointPath())));
        }

        // Reopen: the labeled set, the pool and round 0's accuracy come back; round 1 is proposed afresh.
        LaunchOptions o;
        o.session = folder;
        MainWindow w(o);
        w.show();
        QSignalSpy ready(&w, &MainWindow::sessionReady);
        QVERIFY(waitFor([&] { return w.cards()->round() == 1 && w.cards()->focusedRow() >= 0 && !w.isBusy(); }, 90000));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.first().at(1).toBool(), true);
        QCOMPARE(w.counts().labeled, before.labeled);
        QCOMPARE(w.counts().pool, before.pool);
        QCOMPARE(w.counts().perClass, before.perClass);
        QCOMPARE(w.plots()->accuracy()->currentRunCount(), 1);
        QCOMPARE(w.sessionSettings().budget, uitest::smallSettings().budget);  // the session's own settings

        // Undo reaches back into the reopened session: the last typed answer goes back to the pool.
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(w.counts().labeled, before.labeled - 1);
        QCOMPARE(w.counts().pool, before.pool + 1);

        // File ▸ Export: a CSV the labels leave in; its rows are the journal's current labels.
        const QString csv = m_dir.filePath(QStringLiteral("typed.csv"));
        QSignalSpy exported(&w, &MainWindow::exportShown);
        w.exportLabels(QStringLiteral("csv"), csv, false);
        QVERIFY(exported.wait(30000));
        const QStringList lines = readLines(csv);
        QCOMPARE(lines.value(0), QStringLiteral("filepath,label"));
        QCOMPARE(lines.size(), 1 + 12);
        std::map<std::string, QString> rows;
        for (const QString& line : lines.mid(1))
            rows[QDir(m_train)  // the CSV's paths start from its folder, the journal's from the dataset's
                     .relativeFilePath(
                         QDir::cleanPath(QFileInfo(csv).dir().filePath(line.section(QLatin1Char(','), 0, 0))))
                     .toStdString()] = line.section(QLatin1Char(','), 1);
        QCOMPARE(rows.count(lastTyped), size_t{0});  // the undone answer is not exported
        for (const auto& [path, label] : typed)
            if (path != lastTyped)
                QCOMPARE(rows[path], QString::number(label));  // MNIST's class names are its digits
    }

    void labelsImportedFromACsvJoinTheLabeledSet()
    {
        const QString folder = m_dir.filePath(QStringLiteral("imported"));
        auto w = newSessionWindow(folder);
        QVERIFY(
            waitFor([&] { return w->cards()->round() == 1 && w->cards()->focusedRow() >= 0 && !w->isBusy(); }, 90000));
        // Three sevens with their label, and a fourth with a class that does not exist.
        const QStringList sevens =
            QDir(m_train + QStringLiteral("/7")).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QVERIFY(sevens.size() >= 4);
        const QString csv = m_dir.filePath(QStringLiteral("import.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QTextStream out(&f);
            out << "filepath,label\n";
            for (int i = 0; i < 3; ++i)
                out << "7/" << sevens[i] << ",7\n";
            out << "7/" << sevens[3] << ",cat\n";
        }
        std::map<std::string, int> before;
        {
            const Session s = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
            before = s.labels();
        }
        int fresh = 0;
        for (int i = 0; i < 3; ++i)
            fresh += before.count(QStringLiteral("7/%1").arg(sevens[i]).toStdString()) == 0;
        const qint64 labeled = w->counts().labeled;
        const qint64 sevensLabeled = w->counts().perClass[7];
        w->importLabels(csv);
        QTRY_COMPARE(w->counts().labeled, labeled + fresh);
        QCOMPARE(w->counts().perClass[7], sevensLabeled + fresh);
        const Session s = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(s.labels().at(QStringLiteral("7/%1").arg(sevens[i]).toStdString()), 7);
        QCOMPARE(s.labels().count(QStringLiteral("7/%1").arg(sevens[3]).toStdString()), size_t{0});  // "cat" refused
    }

    void aKilledWorkbenchReopensWithEveryJournaledAnswer()
    {
        const QString folder = m_dir.filePath(QStringLiteral("killed"));
        const QString xdg = m_dir.filePath(QStringLiteral("xdg-killed"));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        for (const char* v : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
            env.insert(QLatin1String(v), xdg + QLatin1Char('/') + QLatin1String(v));
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::ForwardedChannels);
        QStringList args{QStringLiteral("--train"),       m_train, QStringLiteral("--test"),           m_test,
                         QStringLiteral("--session-dir"), folder,  QStringLiteral("--simulate-oracle")};
        for (const QString& s :
             {QStringLiteral("budget=4"), QStringLiteral("initial=10"), QStringLiteral("epochs=3"),
              QStringLiteral("lambda-samples=2"), QStringLiteral("policy-epochs=1"), QStringLiteral("pool-subset=60"),
              QStringLiteral("device=cpu"), QStringLiteral("threads=1"), QStringLiteral("tsne-points=0")})
            args << QStringLiteral("--set") << s;
        process.start(QStringLiteral(LADA_WORKBENCH_PATH), args);
        QVERIFY(process.waitForStarted());
        // Kill it in the middle of the run, once two rounds are in the history.
        const QString history = folder + QStringLiteral("/history.jsonl");
        QVERIFY2(waitFor([&] { return readLines(history).size() >= 3; }, 180000),
                 "the workbench did not reach round 2");
        process.kill();  // SIGKILL
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);

        size_t journaled = 0;
        {
            const Session session = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
            journaled = session.labels().size();
            QVERIFY(journaled >= 10 + 2 * 4);
        }
        LaunchOptions o;
        o.session = folder;
        MainWindow w(o);
        w.setSimulatedOracle(false, 0);
        w.show();
        QVERIFY(waitFor([&] { return w.counts().labeled > 0 && !w.sessionFolder().isEmpty() && !w.isBusy(); }, 90000));
        QCOMPARE(static_cast<size_t>(w.counts().labeled), journaled);
        QVERIFY(w.plots()->accuracy()->currentRunCount() >= 3);
    }

    void aReadOnlySessionIsShownButNotOfferedForLabeling()
    {
        // A session made by lada-cli, then its folder made read-only (a read-only bind mount for root, whom
        // permission bits do not stop).
        const QString folder = m_dir.filePath(QStringLiteral("read-only"));
        QProcess cli;
        cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        cli.start(QStringLiteral(LADA_CLI_PATH), {QStringLiteral("run"),
                                                  QStringLiteral("--train"),
                                                  m_train,
                                                  QStringLiteral("--test"),
                                                  m_test,
                                                  QStringLiteral("--session"),
                                                  folder,
                                                  QStringLiteral("--strategy"),
                                                  QStringLiteral("entropy"),
                                                  QStringLiteral("--rounds"),
                                                  QStringLiteral("1"),
                                                  QStringLiteral("--budget"),
                                                  QStringLiteral("4"),
                                                  QStringLiteral("--initial"),
                                                  QStringLiteral("10"),
                                                  QStringLiteral("--epochs"),
                                                  QStringLiteral("2"),
                                                  QStringLiteral("--pool-subset"),
                                                  QStringLiteral("60"),
                                                  QStringLiteral("--threads"),
                                                  QStringLiteral("1"),
                                                  QStringLiteral("--quiet")});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        const lada::testing::ReadOnlyFolder readOnly(folder);
        if (!readOnly.ok())
            QSKIP(lada::testing::ReadOnlyFolder::kCannot);

        LaunchOptions o;
        o.session = folder;
        MainWindow w(o);
        w.setSimulatedOracle(false, 0);
        QString failure;
        connect(&w, &MainWindow::failureShown, this, [&failure](const QString& m) { failure = m; });
        // The failure's message box is modal: close it once it opens.
        QTimer closer;
        connect(&closer, &QTimer::timeout, this, [] {
            if (QWidget* modal = QApplication::activeModalWidget())
                modal->close();
        });
        closer.start(50);
        w.show();
        QVERIFY(waitFor([&] { return w.counts().labeled > 0 && !w.isBusy() && !failure.isEmpty(); }, 90000));
        QCOMPARE(w.counts().labeled, qint64(14));  // 10 initial + 4 of round 1, restored from the journal
        QVERIFY2(failure.contains(QStringLiteral("opens for reading only")), qPrintable(failure));
        QVERIFY2(w.statusPanel()->phase().startsWith(QStringLiteral("Read only")),
                 qPrintable(w.statusPanel()->phase()));
        QVERIFY(!w.labelPanel()->isEnabled());
        QVERIFY2(w.cards()->headerText().contains(QStringLiteral("reading only")), qPrintable(w.cards()->headerText()));
        QCOMPARE(w.cards()->cardCount(), 0);  // no round is proposed: it could not be journaled
        if (const QString shots = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !shots.isEmpty()) {
            QDir().mkpath(shots);
            QVERIFY(w.grab().save(QDir(shots).filePath(QStringLiteral("read-only-session.png"))));
        }
    }

    void movedTrainingAndTestFoldersAreRelocated()
    {
        // A session on copies of a training and a test folder, side by side in one folder that then moves;
        // later the test folder moves again on its own.
        const QString original = m_dir.filePath(QStringLiteral("movable"));
        QVERIFY(uitest::makeMnistFolder(original + QStringLiteral("/train"), "train", 3));
        QVERIFY(uitest::makeMnistFolder(original + QStringLiteral("/test"), "test", 2));
        const QString folder = m_dir.filePath(QStringLiteral("moved-session"));
        {
            LaunchOptions o;
            o.train = original + QStringLiteral("/train");
            o.test = original + QStringLiteral("/test");
            o.session = folder;
            MainWindow w(o);
            SessionSettings s = uitest::smallSettings();
            s.embedding.poolPoints = 0;
            w.setSessionSettings(s);
            w.show();
            QVERIFY(waitFor([&] { return w.cards()->round() == 1 && !w.isBusy(); }, 90000));
        }
        const QString moved = m_dir.filePath(QStringLiteral("moved-here"));
        QVERIFY(QDir().rename(original, moved));

        uitest::ThreadedWorker w;
        QSignalSpy missing(&w.events, &LearnerWorker::sessionDatasetMissing);
        QSignalSpy opened(&w.events, &LearnerWorker::sessionOpened);
        QSignalSpy counts(&w.events, &LearnerWorker::countsChanged);
        const QString cache = m_dir.filePath(QStringLiteral("cache"));
        auto open = [&](const QString& newRoot) {
            w.call([wk = w.worker, folder, newRoot, cache] { wk->relocateSession(folder, newRoot, cache); });
        };
        open({});
        QVERIFY(missing.wait(30000));
        QCOMPARE(QDir(missing.first().at(1).toString()).absolutePath(),
                 QDir(original + QStringLiteral("/train")).absolutePath());
        QVERIFY(opened.isEmpty());
        open(moved + QStringLiteral("/train"));  // the test folder beside it moves along
        QVERIFY(opened.wait(60000));
        QVERIFY(opened.first().at(1).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!counts.isEmpty() && counts.last().first().value<PoolCounts>().labeled == 10, 30000);
        w.shutdown();
        {
            const Session session = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
            QCOMPARE(QDir(QString::fromStdString(session.info().testSource)).absolutePath(),
                     QDir(moved + QStringLiteral("/test")).absolutePath());
        }

        // Now only the test folder moves: the next open offers to relocate it, until it is found.
        const QString testElsewhere = m_dir.filePath(QStringLiteral("test-elsewhere"));
        QVERIFY(QDir().rename(moved + QStringLiteral("/test"), testElsewhere));
        uitest::ThreadedWorker again;
        QSignalSpy missingAgain(&again.events, &LearnerWorker::sessionDatasetMissing);
        QSignalSpy openedAgain(&again.events, &LearnerWorker::sessionOpened);
        again.call([wk = again.worker, folder, cache] { wk->openSession(folder, cache); });
        QVERIFY(missingAgain.wait(30000));
        QCOMPARE(QDir(missingAgain.first().at(1).toString()).absolutePath(),
                 QDir(moved + QStringLiteral("/test")).absolutePath());
        again.call([wk = again.worker, folder, cache] { wk->openSession(folder, cache); });  // declined: asked again
        QVERIFY(missingAgain.wait(30000));
        QVERIFY(openedAgain.isEmpty());
        again.call(
            [wk = again.worker, folder, testElsewhere, cache] { wk->relocateSession(folder, testElsewhere, cache); });
        QVERIFY(openedAgain.wait(60000));
        const Session session = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
        QCOMPARE(QDir(QString::fromStdString(session.info().testSource)).absolutePath(),
                 QDir(testElsewhere).absolutePath());
    }
};

LADA_TEST_MAIN(TestSessionWindow)
}  // namespace tst_session_window
#include "tst_session_window.moc"
