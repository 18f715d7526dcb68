// SPDX-License-Identifier: MIT
// One session, two front ends: a session written by lada-cli opens in the workbench's worker with every
// setting intact (and the reverse), the same seed gives the same queries through both, and the worker
// journals answers while the engine trains, trains the policy or computes t-SNE.
#include "core/config/setting_table.h"
#include "core/session/session.h"
#include "tests/test_main.h"
#include "ui_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace tst_session_parity {

using namespace lada;
using namespace lada::ui;
using uitest::ThreadedWorker;

namespace {

QStringList jsonLines(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QJsonObject historyRecord(const QString& session, int round)
{
    for (const QString& line : jsonLines(session + QStringLiteral("/history.jsonl"))) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        if (o.value(QStringLiteral("round")).toInt() == round)
            return o;
    }
    return {};
}

/** The queried pool rows of every round of a session's history, oldest first. */
QList<QList<qint64>> queriedRows(const QString& session)
{
    QList<QList<qint64>> out;
    for (const QString& line : jsonLines(session + QStringLiteral("/history.jsonl"))) {
        QList<qint64> rows;
        for (const QJsonValue& q :
             QJsonDocument::fromJson(line.toUtf8()).object().value(QStringLiteral("queries")).toArray())
            for (const QJsonValue& r : q.toObject().value(QStringLiteral("pool_indices")).toArray())
                rows << r.toInteger();
        out << rows;
    }
    return out;
}

int runCli(const QStringList& args, QString* err = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(LADA_CLI_PATH), args);
    if (!p.waitForFinished(600000))
        return -1;
    if (err)
        *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode();
}

/** The non-default settings the issue names, with the small model of the ui tests. */
std::map<std::string, std::string> parityOverrides()
{
    return {{"pool-subset", "700"}, {"gamma", "0.5"}, {"lambda-samples", "4"}, {"policy-objective", "curve"}};
}

QStringList asFlags(const ExperimentConfig& c, const std::map<std::string, std::string>& keys)
{
    QStringList flags;
    const auto all = configToMap(c);
    for (const auto& [key, unused] : keys)
        flags << QString::fromStdString("--" + key) << QString::fromStdString(all.at(key));
    return flags;
}

void checkRoundUsedParitySettings(const QJsonObject& record)
{
    QVERIFY(!record.isEmpty());
    QCOMPARE(record.value(QStringLiteral("candidates")).toInt(), 700);
    const QJsonObject config = record.value(QStringLiteral("config")).toObject();
    QCOMPARE(config.value(QStringLiteral("gamma")).toDouble(), 0.5);
    QCOMPARE(config.value(QStringLiteral("lambda-samples")).toInt(), 4);
    QCOMPARE(config.value(QStringLiteral("policy-objective")).toString(), QStringLiteral("curve"));
    QCOMPARE(config.value(QStringLiteral("pool-subset")).toInt(), 700);
}

}  // namespace

class TestSessionParity : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_train, m_test;

    ExperimentConfig settings()
    {
        ExperimentConfig s = uitest::smallSettings();
        applySettings(s, {{"epochs", "2"}, {"budget", "4"}, {"initial", "10"}, {"tsne-points", "0"}, {"seed", "4"}});
        applySettings(s, parityOverrides());
        return s;
    }
    QStringList cliRun(const QString& session, int rounds)
    {
        const ExperimentConfig s = settings();
        QStringList args{QStringLiteral("run"),
                         QStringLiteral("--train"),
                         m_train,
                         QStringLiteral("--test"),
                         m_test,
                         QStringLiteral("--session"),
                         session,
                         QStringLiteral("--rounds"),
                         QString::number(rounds),
                         QStringLiteral("--quiet")};
        args << asFlags(s, {{"strategy", ""},
                            {"model", ""},
                            {"budget", ""},
                            {"initial", ""},
                            {"epochs", ""},
                            {"policy-epochs", ""},
                            {"threads", ""},
                            {"seed", ""},
                            {"device", ""},
                            {"tsne-points", ""},
                            {"pool-subset", ""},
                            {"gamma", ""},
                            {"lambda-samples", ""},
                            {"policy-objective", ""}});
        return args;
    }

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        m_train = m_dir.filePath(QStringLiteral("train"));
        m_test = m_dir.filePath(QStringLiteral("test"));
        // 800 training images: the pool holds more than the 700 candidates the settings ask for.
        QVERIFY(uitest::makeMnistFolder(m_train, "train", 80));
        QVERIFY(uitest::makeMnistFolder(m_test, "test", 5));
    }

    void aCliSessionOpensInTheWorkbenchWithEverySetting()
    {
        const QString folder = m_dir.filePath(QStringLiteral("from-cli"));
        QString err;
        QVERIFY2(runCli(cliRun(folder, 1), &err) == 0, qPrintable(err));
        checkRoundUsedParitySettings(historyRecord(folder, 1));
        const auto written = configToMap(Session::open(folder.toStdString(), Session::Mode::ReadOnly).info().config);

        ThreadedWorker w;
        QSignalSpy restored(&w.events, &LearnerWorker::settingsRestored);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        w.simulate(2);
        w.openSession(folder);
        QVERIFY(restored.wait(60000));
        QCOMPARE(configToMap(restored.first().first().value<ExperimentConfig>()), written);  // every setting
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(finished.first().first().value<RoundOutcome>().report.round, 2);
        checkRoundUsedParitySettings(historyRecord(folder, 2));  // the next round used them
    }

    void aWorkbenchSessionContinuesInTheCliWithEverySetting()
    {
        const QString folder = m_dir.filePath(QStringLiteral("from-workbench"));
        {
            ThreadedWorker w;
            QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
            QSignalSpy proposals(&w.events, &LearnerWorker::proposalsReady);
            w.open({m_train, m_test, {}, {}});
            QVERIFY(opened.wait(60000));
            w.simulate(1);
            w.start(settings(), folder);
            // Round 1 answered and trained, round 2 proposed (and journaled): then the window closes.
            QTRY_VERIFY_WITH_TIMEOUT(
                std::any_of(proposals.begin(), proposals.end(),
                            [](const QList<QVariant>& a) { return a.first().value<RoundCards>().round == 2; }),
                120000);
        }
        checkRoundUsedParitySettings(historyRecord(folder, 1));
        QString err;
        QVERIFY2(runCli({QStringLiteral("run"), QStringLiteral("--session"), folder, QStringLiteral("--rounds"),
                         QStringLiteral("1"), QStringLiteral("--quiet")},
                        &err) == 0,
                 qPrintable(err));
        checkRoundUsedParitySettings(historyRecord(folder, 2));
        // A setting that would change the session is refused, with the flag named.
        QVERIFY(runCli({QStringLiteral("run"), QStringLiteral("--session"), folder, QStringLiteral("--gamma"),
                        QStringLiteral("2")},
                       &err) != 0);
        QVERIFY2(err.contains(QStringLiteral("--gamma")), qPrintable(err));
    }

    void theSameSeedGivesTheSameQueriesThroughBothPaths()
    {
        const QString cli = m_dir.filePath(QStringLiteral("same-cli"));
        const QString gui = m_dir.filePath(QStringLiteral("same-worker"));
        QString err;
        QVERIFY2(runCli(cliRun(cli, 2), &err) == 0, qPrintable(err));
        ThreadedWorker w;
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        w.open({m_train, m_test, {}, {}});
        QVERIFY(opened.wait(60000));
        w.simulate(2);
        ExperimentConfig s = settings();
        applySettings(s, {{"tsne-points", "30"}, {"tsne-iterations", "60"}});  // the window's extra phase too
        w.start(s, gui);
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 3, 180000);
        const auto a = queriedRows(cli), b = queriedRows(gui);
        QCOMPARE(a.size(), 3);
        QCOMPARE(b.size(), 3);
        QCOMPARE(a[1].size(), 4);
        QCOMPARE(a, b);
    }

    void answersAreJournaledWhileTheEngineWorks()
    {
        // Long phases, so that each one is still running when the answer arrives.
        ExperimentConfig s = uitest::smallSettings();
        applySettings(s, {{"epochs", "300"},
                          {"policy-epochs", "150"},
                          {"pool-subset", "300"},
                          {"tsne-points", "400"},
                          {"tsne-iterations", "3000"}});
        const QString folder = m_dir.filePath(QStringLiteral("order"));
        const QString journal = folder + QStringLiteral("/labels.jsonl");
        ThreadedWorker w;
        QSignalSpy opened(&w.events, &LearnerWorker::datasetOpened);
        QSignalSpy proposals(&w.events, &LearnerWorker::proposalsReady);
        QSignalSpy finished(&w.events, &LearnerWorker::roundFinished);
        QSignalSpy maps(&w.events, &LearnerWorker::embeddingReady);
        QSignalSpy undone(&w.events, &LearnerWorker::answerUndone);
        QSignalSpy recorded(&w.events, &LearnerWorker::answerRecorded);
        QSignalSpy progress(&w.events, &LearnerWorker::progressChanged);
        auto inPhase = [&](const char* phase) {
            return std::any_of(progress.begin(), progress.end(), [phase](const QList<QVariant>& a) {
                return a[0].toString() == QLatin1String(phase) && a[1].toLongLong() > 0 && a[1] != a[2];
            });
        };
        w.open({m_train, m_test, {}, {}});
        QVERIFY(opened.wait(60000));
        w.start(s, folder);
        QTRY_VERIFY_WITH_TIMEOUT(maps.size() == 1, 300000);  // round 1's cards and their map
        const RoundCards round1 = proposals.last().first().value<RoundCards>();

        // t-SNE: round 1's map is shown; answer the cards while round 2's... first answer three cards,
        // then the last one while nothing runs, which starts training.
        std::vector<qint64> rows;
        for (const lada::QueryCard& q : round1.queries)
            for (const ImageView& image : q.images)
                rows.push_back(image.row);
        for (size_t i = 0; i < rows.size(); ++i)
            w.answer(rows[i], uitest::trueLabelOf(rows[i], round1));
        // Training: an undo while it runs is journaled before the round finishes.
        progress.clear();
        QTRY_VERIFY_WITH_TIMEOUT(inPhase("training"), 60000);
        int before = static_cast<int>(jsonLines(journal).size());
        w.undo();
        QVERIFY(undone.wait(10000));
        QCOMPARE(jsonLines(journal).size(), before + 1);
        QVERIFY(jsonLines(journal).last().contains(QStringLiteral("retract")));
        QVERIFY2(finished.size() == 1, "round 1 finished before the undo was journaled");
        // Policy training: another undo while it runs.
        progress.clear();
        QTRY_VERIFY_WITH_TIMEOUT(inPhase("policy training"), 120000);
        before = static_cast<int>(jsonLines(journal).size());
        undone.clear();
        w.undo();
        QVERIFY(undone.wait(10000));
        QCOMPARE(jsonLines(journal).size(), before + 1);
        // An export while the policy trains is written at once too.
        QSignalSpy exported(&w.events, &LearnerWorker::exportFinished);
        const QString csv = m_dir.filePath(QStringLiteral("during-policy.csv"));
        w.call([wk = w.worker, csv] { wk->exportSession(QStringLiteral("csv"), csv, true); });
        QVERIFY(exported.wait(10000));
        QVERIFY(QFile::exists(csv));
        QVERIFY2(proposals.size() == 2, "round 2 was proposed before the undo and the export were done");
        // t-SNE: round 2's cards are open while its map is computed; answer one.
        QTRY_VERIFY_WITH_TIMEOUT(proposals.size() == 3, 300000);
        progress.clear();
        QTRY_VERIFY_WITH_TIMEOUT(inPhase("t-SNE"), 60000);
        const RoundCards round2 = proposals.last().first().value<RoundCards>();
        const qint64 row = round2.queries.front().images.front().row;
        before = static_cast<int>(jsonLines(journal).size());
        recorded.clear();
        w.answer(row, uitest::trueLabelOf(row, round2));
        QVERIFY(recorded.wait(10000));
        QCOMPARE(jsonLines(journal).size(), before + 1);
        QVERIFY2(maps.size() == 1, "the map was finished before the answer was journaled");
    }
};

LADA_TEST_MAIN(TestSessionParity)
}  // namespace tst_session_parity
#include "tst_session_parity.moc"
